package io.vigil.alerts;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import io.vigil.support.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert API, through HTTP, on whichever database the subclass configures: the same
 * suite runs on H2 and on PostgreSQL. Alerts come from real ingest of two rules: the seed
 * sequence rule and a single-event rule of another severity and tactic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AlertApiContract {

	static final String SEED_RULE = "2772264c-6fb9-4d9d-9014-b416eed21254";

	static final String DUMP_RULE = "alert-api-credential-dump";

	private static final String DUMP_RULE_FILE = """
			[metadata]
			creation_date = "2024/01/01"
			maturity = "production"
			updated_date = "2024/02/03"

			[rule]
			author = ["Vigil"]
			description = "A credential dumping tool ran."
			language = "eql"
			name = "Credential Dumping Tool_50%"
			risk_score = 73
			rule_id = "alert-api-credential-dump"
			severity = "high"
			type = "eql"
			version = 3
			tags = ["Tactic: Credential Access"]
			query = '''
			process where process.name == "mimikatz.exe"
			'''

			[[rule.threat]]
			framework = "MITRE ATT&CK"
			[[rule.threat.technique]]
			id = "T1003"
			name = "OS Credential Dumping"
			reference = "https://attack.mitre.org/techniques/T1003/"
			[[rule.threat.technique.subtechnique]]
			id = "T1003.001"
			name = "LSASS Memory"
			reference = "https://attack.mitre.org/techniques/T1003/001/"

			[rule.threat.tactic]
			id = "TA0006"
			name = "Credential Access"
			reference = "https://attack.mitre.org/tactics/TA0006/"
			""";

	static final String NETWORK = """
			{"@timestamp":"%2$s","event":{"id":"%1$s-net","category":["network"],"type":["start"]},"host":{"id":"%1$s","name":"%1$s","os":{"type":"windows"}},"network":{"direction":"incoming","protocol":"http"},"source":{"ip":"10.29.188.187"},"destination":{"port":5985}}""";

	static final String PROCESS = """
			{"@timestamp":"%2$s","event":{"id":"%1$s-proc","category":["process"],"type":["start"]},"host":{"id":"%1$s","name":"%1$s","os":{"type":"windows"}},"process":{"name":"whoami.exe","executable":"C:\\\\Windows\\\\System32\\\\whoami.exe","parent":{"name":"wsmprovhost.exe"}}}""";

	static final String DUMP = """
			{"@timestamp":"%2$s","event":{"id":"%1$s-dump","category":["process"],"type":["start"]},"host":{"id":"%1$s","os":{"type":"windows"}},"process":{"name":"mimikatz.exe"}}""";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Http http;

	/** The alerts of the shared data set, by what they are. */
	String seedH1;

	String seedH2;

	String dumpH1;

	String dumpH3;

	Instant betweenBatches;

	/**
	 * Event time for the next attack: an event older than the lateness horizon cannot
	 * start a sequence, so every test takes times later than all before it, whatever the
	 * test order.
	 */
	private Instant eventClock = Instant.parse("2024-05-14T11:00:00Z");

	synchronized Instant nextEventTime() {
		eventClock = eventClock.plusSeconds(3600);
		return eventClock;
	}

	@DynamicPropertySource
	static void rules(DynamicPropertyRegistry registry) throws IOException {
		Path rules = Files.createTempDirectory("vigil-alert-api-rules");
		Files.copy(Path.of("rules/windows/lateral_movement_powershell_remoting_target.toml"),
				rules.resolve("seed.toml"));
		Files.writeString(rules.resolve("dump.toml"), DUMP_RULE_FILE);
		registry.add("detection.rules-dir", rules::toString);
	}

	@BeforeAll
	void ingestDataSet() throws InterruptedException {
		http = new Http(port);
		ingest(seedAttack("h-1", Instant.parse("2024-05-14T08:00:00Z")), dump("h-1", "2024-05-14T08:05:00Z"));
		Thread.sleep(20);
		betweenBatches = Instant.now();
		Thread.sleep(20);
		ingest(seedAttack("h-2", Instant.parse("2024-05-14T09:00:00Z")), dump("h-3", "2024-05-14T10:00:00Z"));
		seedH1 = onlyId("rule_id=" + SEED_RULE + "&key.host.id=h-1");
		seedH2 = onlyId("rule_id=" + SEED_RULE + "&key.host.id=h-2");
		dumpH1 = onlyAlert("rule_id=" + DUMP_RULE).stream()
			.filter(alert -> alert.get("events").get(0).get("event_id").asString().equals("h-1-dump"))
			.findFirst()
			.orElseThrow()
			.get("id")
			.asString();
		dumpH3 = onlyAlert("rule_id=" + DUMP_RULE).stream()
			.filter(alert -> alert.get("events").get(0).get("event_id").asString().equals("h-3-dump"))
			.findFirst()
			.orElseThrow()
			.get("id")
			.asString();
	}

	@Test
	void theSeedAlertCarriesTheRuleAndBothTacticsWithTheirTechniques() {
		JsonNode alert = http.get("/api/v1/alerts/" + seedH1).json();
		JsonNode rule = alert.get("rule");
		assertThat(rule.get("rule_id").asString()).isEqualTo(SEED_RULE);
		assertThat(rule.get("name").asString()).isEqualTo("Incoming Execution via PowerShell Remoting");
		assertThat(rule.get("description").asString()).startsWith("Identifies remote execution via Windows PowerShell");
		assertThat(rule.get("severity").asString()).isEqualTo("medium");
		assertThat(rule.get("risk_score").asInt()).isEqualTo(47);
		assertThat(rule.get("updated_date").asString()).isEqualTo("2023/10/13");
		assertThat(rule.get("version").isNull()).isTrue();
		assertThat(rule.get("building_block_type").isNull()).isTrue();
		assertThat(strings(rule.get("tags"))).contains("Tactic: Lateral Movement", "Tactic: Execution");
		assertThat(strings(rule.get("references"))).singleElement().asString().contains("running-remote-commands");
		assertThat(strings(rule.get("false_positives"))).singleElement().asString().contains("dual-use protocol");

		JsonNode threat = alert.get("threat");
		assertThat(threat).hasSize(2);
		assertThat(threat.get(0).get("framework").asString()).isEqualTo("MITRE ATT&CK");
		assertThat(threat.get(0).get("tactic").get("id").asString()).isEqualTo("TA0008");
		assertThat(threat.get(0).get("tactic").get("name").asString()).isEqualTo("Lateral Movement");
		assertThat(threat.get(0).get("tactic").get("reference").asString())
			.isEqualTo("https://attack.mitre.org/tactics/TA0008/");
		JsonNode remoteServices = threat.get(0).get("techniques").get(0);
		assertThat(remoteServices.get("id").asString()).isEqualTo("T1021");
		assertThat(remoteServices.get("name").asString()).isEqualTo("Remote Services");
		assertThat(remoteServices.get("subtechniques").get(0).get("id").asString()).isEqualTo("T1021.006");
		assertThat(remoteServices.get("subtechniques").get(0).get("name").asString())
			.isEqualTo("Windows Remote Management");
		assertThat(threat.get(1).get("tactic").get("id").asString()).isEqualTo("TA0002");
		JsonNode interpreter = threat.get(1).get("techniques").get(0);
		assertThat(interpreter.get("id").asString()).isEqualTo("T1059");
		assertThat(interpreter.get("subtechniques").get(0).get("id").asString()).isEqualTo("T1059.001");
		assertThat(interpreter.get("subtechniques").get(0).get("reference").asString())
			.isEqualTo("https://attack.mitre.org/techniques/T1059/001/");

		assertThat(alert.get("keys").get("host.id").asString()).isEqualTo("h-1");
		JsonNode events = alert.get("events");
		assertThat(events).hasSize(2);
		assertThat(events.get(0).get("stage").asInt()).isEqualTo(1);
		assertThat(events.get(0).get("missing").asBoolean()).isFalse();
		assertThat(events.get(0).get("event_id").asString()).isEqualTo("h-1-net");
		assertThat(events.get(0).get("timestamp").asString()).isEqualTo("2024-05-14T08:00:00Z");
		assertThat(events.get(0).get("source").get("destination").get("port").asInt()).isEqualTo(5985);
		assertThat(events.get(1).get("stage").asInt()).isEqualTo(2);
		assertThat(events.get(1).get("source").get("process").get("parent").get("name").asString())
			.isEqualTo("wsmprovhost.exe");
		assertThat(alert.get("first_event_at").asString()).isEqualTo("2024-05-14T08:00:00Z");
		assertThat(alert.get("last_event_at").asString()).isEqualTo("2024-05-14T08:00:04Z");
		assertThat(alert.get("status").asString()).isEqualTo("open");
		assertThat(alert.get("status_history")).isEmpty();
	}

	@Test
	void anEventRuleAlertHasItsOwnRuleSnapshot() {
		JsonNode alert = http.get("/api/v1/alerts/" + dumpH1).json();
		assertThat(alert.get("rule").get("version").asInt()).isEqualTo(3);
		assertThat(alert.get("rule").get("updated_date").asString()).isEqualTo("2024/02/03");
		assertThat(alert.get("keys").isEmpty()).isTrue();
		assertThat(alert.get("threat").get(0).get("techniques").get(0).get("subtechniques").get(0).get("id").asString())
			.isEqualTo("T1003.001");
	}

	@Test
	void eachFilterAloneSelectsItsAlerts() {
		assertThat(dataSet("")).containsExactlyInAnyOrder(seedH1, seedH2, dumpH1, dumpH3);
		assertThat(dataSet("status=open")).containsExactlyInAnyOrder(seedH1, seedH2, dumpH1, dumpH3);
		assertThat(dataSet("severity=high")).containsExactlyInAnyOrder(dumpH1, dumpH3);
		assertThat(dataSet("severity=MEDIUM")).containsExactlyInAnyOrder(seedH1, seedH2);
		assertThat(dataSet("min_risk_score=47")).containsExactlyInAnyOrder(seedH1, seedH2, dumpH1, dumpH3);
		assertThat(dataSet("min_risk_score=48")).containsExactlyInAnyOrder(dumpH1, dumpH3);
		assertThat(dataSet("rule_id=" + SEED_RULE)).containsExactlyInAnyOrder(seedH1, seedH2);
		assertThat(dataSet("key.host.id=h-2")).containsExactlyInAnyOrder(seedH2);
		assertThat(dataSet("tactic=TA0008")).containsExactlyInAnyOrder(seedH1, seedH2);
		assertThat(dataSet("tactic=ta0006")).containsExactlyInAnyOrder(dumpH1, dumpH3);
		assertThat(dataSet("tactic=" + encode("lateral movement"))).containsExactlyInAnyOrder(seedH1, seedH2);
		assertThat(dataSet("technique=T1021")).containsExactlyInAnyOrder(seedH1, seedH2);
		assertThat(dataSet("technique=T1021.006")).containsExactlyInAnyOrder(seedH1, seedH2);
		assertThat(dataSet("technique=t1059.001")).containsExactlyInAnyOrder(seedH1, seedH2);
		assertThat(dataSet("technique=T1003")).containsExactlyInAnyOrder(dumpH1, dumpH3);
		assertThat(dataSet("technique=T1021.004")).isEmpty();
		assertThat(dataSet("from=" + betweenBatches)).containsExactlyInAnyOrder(seedH2, dumpH3);
		assertThat(dataSet("to=" + betweenBatches)).containsExactlyInAnyOrder(seedH1, dumpH1);
		assertThat(dataSet("event_from=2024-05-14T09:00:00Z")).containsExactlyInAnyOrder(seedH2, dumpH3);
		assertThat(dataSet("event_to=2024-05-14T09:00:00Z")).containsExactlyInAnyOrder(seedH1, dumpH1);
		assertThat(dataSet("event_from=2024-05-14T08:00:04Z&event_to=2024-05-14T08:00:05Z"))
			.containsExactlyInAnyOrder(seedH1);
		assertThat(dataSet("q=powershell")).containsExactlyInAnyOrder(seedH1, seedH2);
		assertThat(dataSet("q=" + encode("_50%"))).containsExactlyInAnyOrder(dumpH1, dumpH3);
		assertThat(dataSet("q=" + encode("l%50"))).as("% is not a wildcard").isEmpty();
		assertThat(dataSet("q=" + encode("tool_5"))).containsExactlyInAnyOrder(dumpH1, dumpH3);
		assertThat(dataSet("q=" + encode("tool_50_"))).as("_ is not a wildcard").isEmpty();
	}

	@Test
	void filtersCombine() {
		assertThat(dataSet("severity=high&key.host.id=h-1")).isEmpty();
		assertThat(dataSet("rule_id=" + DUMP_RULE + "&event_from=2024-05-14T09:00:00Z")).containsExactly(dumpH3);
		assertThat(dataSet("severity=medium,high&tactic=Execution&from=" + betweenBatches)).containsExactly(seedH2);
		assertThat(dataSet("status=open&status=closed&technique=T1003&min_risk_score=70&q=credential"))
			.containsExactlyInAnyOrder(dumpH1, dumpH3);
		assertThat(dataSet("rule_id=" + SEED_RULE + "&rule_id=" + DUMP_RULE + "&to=" + betweenBatches))
			.containsExactlyInAnyOrder(seedH1, dumpH1);
		assertThat(dataSet("key.host.id=h-1&key.user.name=nobody")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "' OR '1'='1", "h-1' --", "%", "_", "\\", "\"; DROP TABLE alert; --", "h-1%",
			"') OR 1=1 OR ('", "*" })
	void sqlSignificantCharactersAreHarmless(String value) {
		String encoded = encode(value);
		for (String filter : List.of("rule_id", "key.host.id", "tactic", "technique")) {
			Http.Response response = http.get("/api/v1/alerts?" + filter + "=" + encoded);
			assertThat(response.status()).as(filter).isEqualTo(200);
			assertThat(response.json().get("alerts")).as(filter).isEmpty();
		}
		// the dump rule's name holds % and _, which must match only themselves
		Set<String> named = "Credential Dumping Tool_50%".toLowerCase().contains(value.toLowerCase())
				? Set.of(dumpH1, dumpH3) : Set.of();
		assertThat(dataSet("q=" + encoded)).isEqualTo(named);
		for (String typed : List.of("status", "severity", "min_risk_score", "from", "to", "event_from", "event_to",
				"limit", "cursor")) {
			Http.Response response = http.get("/api/v1/alerts?" + typed + "=" + encoded);
			assertThat(response.status()).as(typed).isEqualTo(400);
			assertThat(response.contentType()).as(typed).startsWith("application/problem+json");
		}
		assertThat(http.get("/api/v1/alerts/" + encoded).status()).isIn(400, 404);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM alert WHERE id IN (?, ?, ?, ?)", Integer.class, seedH1,
				seedH2, dumpH1, dumpH3))
			.isEqualTo(4);
	}

	@Test
	void invalidParametersAreProblemsThatNameTheParameter() {
		Http.Response limit = http.get("/api/v1/alerts?limit=5000");
		assertThat(limit.status()).isEqualTo(400);
		assertThat(limit.contentType()).startsWith("application/problem+json");
		assertThat(limit.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");

		Http.Response status = http.get("/api/v1/alerts?status=pending");
		assertThat(status.status()).isEqualTo(400);
		assertThat(status.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
		assertThat(status.json().get("errors").get(0).get("message").asString()).contains("open, acknowledged, closed");

		Http.Response cursor = http.get("/api/v1/alerts?cursor=not-a-cursor");
		assertThat(cursor.status()).isEqualTo(400);
		assertThat(cursor.json().get("detail").asString()).contains("Invalid cursor");

		Http.Response format = http.get("/api/v1/alerts/" + seedH1 + "?format=xml");
		assertThat(format.status()).isEqualTo(400);

		Http.Response unknown = http.get("/api/v1/alerts/0000");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(unknown.json().get("detail").asString()).contains("0000");
	}

	@Test
	void statusChangesAreIdempotentAndRecorded() {
		Instant at = nextEventTime();
		ingest(seedAttack("triage-1", at), seedAttack("triage-2", at));
		String first = onlyId("key.host.id=triage-1");
		String second = onlyId("key.host.id=triage-2");

		JsonNode acknowledged = changeStatus("""
				{"ids": ["%s", "%s", "no-such-alert"], "status": "acknowledged", "reason": "looking into it"}"""
			.formatted(first, second));
		assertThat(acknowledged.get("updated").asInt()).isEqualTo(2);
		assertThat(acknowledged.get("unchanged").asInt()).isZero();
		assertThat(strings(acknowledged.get("not_found"))).containsExactly("no-such-alert");

		JsonNode again = changeStatus("""
				{"ids": ["%s"], "status": "acknowledged"}""".formatted(first));
		assertThat(again.get("updated").asInt()).isZero();
		assertThat(again.get("unchanged").asInt()).isEqualTo(1);

		JsonNode closed = changeStatus("""
				{"ids": ["%s"], "status": "closed", "reason": "false_positive"}""".formatted(first));
		assertThat(closed.get("updated").asInt()).isEqualTo(1);

		JsonNode alert = http.get("/api/v1/alerts/" + first).json();
		assertThat(alert.get("status").asString()).isEqualTo("closed");
		assertThat(alert.get("status_updated_at").isString()).isTrue();
		JsonNode history = alert.get("status_history");
		assertThat(history).hasSize(2);
		assertThat(history.get(0).get("from").asString()).isEqualTo("open");
		assertThat(history.get(0).get("to").asString()).isEqualTo("acknowledged");
		assertThat(history.get(0).get("reason").asString()).isEqualTo("looking into it");
		assertThat(history.get(0).get("changed_by").asString()).isEqualTo("localhost");
		assertThat(history.get(0).get("changed_at").isString()).isTrue();
		assertThat(history.get(1).get("from").asString()).isEqualTo("acknowledged");
		assertThat(history.get(1).get("to").asString()).isEqualTo("closed");
		assertThat(history.get(1).get("reason").asString()).isEqualTo("false_positive");

		assertThat(ids("status=closed&key.host.id=triage-1")).containsExactly(first);
		assertThat(ids("status=acknowledged&key.host.id=triage-2")).containsExactly(second);
		assertThat(jdbc.queryForObject("SELECT count(*) FROM alert_status_change WHERE alert_id = ?", Integer.class,
				first))
			.isEqualTo(2);

		JsonNode reopened = changeStatus("""
				{"ids": ["%s"], "status": "open", "reason": "closed by mistake"}""".formatted(first));
		assertThat(reopened.get("updated").asInt()).isEqualTo(1);
		assertThat(http.get("/api/v1/alerts/" + first).json().get("status_history")).hasSize(3);
	}

	@Test
	void statusChangesByQueryTouchOnlyTheSelectedAlerts() {
		Instant at = nextEventTime();
		Instant end = at.plusSeconds(60);
		ingest(seedAttack("bulk-1", at), seedAttack("bulk-2", at), seedAttack("bulk-3", at));
		String kept = onlyId("key.host.id=bulk-3");
		JsonNode byQuery = changeStatus("""
				{"query": {"rule_id": ["%s"], "event_from": "%s", "event_to": "%s", "key": {"host.id": "bulk-1"}},
				 "status": "closed", "reason": "benign_positive"}""".formatted(SEED_RULE, at, end));
		assertThat(byQuery.get("updated").asInt()).isEqualTo(1);
		JsonNode wider = changeStatus("""
				{"query": {"status": ["open"], "q": "powershell", "event_from": "%s", "event_to": "%s",
				           "severity": ["medium"]},
				 "status": "closed"}""".formatted(at, end));
		assertThat(wider.get("updated").asInt()).isEqualTo(2);
		assertThat(wider.get("unchanged").asInt()).isZero();
		assertThat(ids("status=closed&event_from=" + at + "&event_to=" + end)).hasSize(3).contains(kept);
		assertThat(dataSet("status=open")).containsExactlyInAnyOrder(seedH1, seedH2, dumpH1, dumpH3);
	}

	@Test
	void statusRequestsAreValidated() {
		Http.Response neither = http.post("/api/v1/alerts/_status", "application/json", "{\"status\": \"closed\"}");
		assertThat(neither.status()).isEqualTo(400);
		assertThat(neither.contentType()).startsWith("application/problem+json");
		Http.Response both = http.post("/api/v1/alerts/_status", "application/json",
				"{\"ids\": [\"a\"], \"query\": {}, \"status\": \"closed\"}");
		assertThat(both.status()).isEqualTo(400);
		Http.Response badStatus = http.post("/api/v1/alerts/_status", "application/json",
				"{\"ids\": [\"a\"], \"status\": \"in-progress\"}");
		assertThat(badStatus.status()).isEqualTo(400);
		assertThat(badStatus.contentType()).startsWith("application/problem+json");
		Http.Response noStatus = http.post("/api/v1/alerts/_status", "application/json", "{\"ids\": [\"a\"]}");
		assertThat(noStatus.status()).isEqualTo(400);
		assertThat(noStatus.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
		Http.Response emptyIds = http.post("/api/v1/alerts/_status", "application/json",
				"{\"ids\": [], \"status\": \"closed\"}");
		assertThat(emptyIds.status()).isEqualTo(400);
		assertThat(emptyIds.json().get("errors").get(0).get("field").asString()).isEqualTo("ids");
	}

	@Test
	void aCursorWalksEveryAlertOnceInCommitOrder() {
		List<String> seen = new ArrayList<>();
		String cursor = "";
		JsonNode page;
		do {
			page = http.get("/api/v1/alerts?limit=2&cursor=" + cursor).json();
			page.get("alerts").forEach(alert -> seen.add(alert.get("id").asString()));
			assertThat(page.get("next_cursor").isString()).isTrue();
			cursor = page.get("next_cursor").asString();
		}
		while (page.get("has_more").asBoolean());
		List<String> stored = jdbc.queryForList("SELECT id FROM alert ORDER BY seq", String.class);
		assertThat(seen).containsExactlyElementsOf(stored);

		JsonNode empty = http.get("/api/v1/alerts?cursor=" + cursor).json();
		assertThat(empty.get("alerts")).isEmpty();
		assertThat(empty.get("next_cursor").asString()).isEqualTo(cursor);

		ingest(seedAttack("after-cursor", nextEventTime()));
		JsonNode next = http.get("/api/v1/alerts?cursor=" + cursor).json();
		assertThat(ids(next)).containsExactly(onlyId("key.host.id=after-cursor"));
		assertThat(http.get("/api/v1/alerts?cursor=" + cursor + "&rule_id=" + DUMP_RULE).json().get("alerts"))
			.isEmpty();
	}

	@Test
	void aPollerSeesEveryAlertExactlyOnceWhileEightThreadsIngest() throws Exception {
		String cursor = "";
		JsonNode page;
		do {
			page = http.get("/api/v1/alerts?limit=1000&cursor=" + cursor).json();
			cursor = page.get("next_cursor").asString();
		}
		while (page.get("has_more").asBoolean());

		int threads = 8;
		int batchesPerThread = 12;
		int attacksPerBatch = 3;
		Instant base = nextEventTime();
		AtomicInteger batchNumber = new AtomicInteger();
		AtomicBoolean ingestDone = new AtomicBoolean();
		ExecutorService shippers = Executors.newFixedThreadPool(threads);
		List<Future<?>> shipped = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			shipped.add(shippers.submit(() -> {
				Http shipper = new Http(port);
				for (int b = 0; b < batchesPerThread; b++) {
					// every batch within the lateness horizon of the newest, whatever the
					// order they land in
					int n = batchNumber.getAndIncrement();
					List<String> attacks = new ArrayList<>();
					for (int a = 0; a < attacksPerBatch; a++) {
						attacks.add(seedAttack("conc-" + n + "-" + a, base.plusSeconds(n)));
					}
					Http.Response response = shipper.post("/api/v1/events", "application/x-ndjson",
							String.join("\n", attacks));
					assertThat(response.status()).as(response.body()).isEqualTo(200);
				}
				return null;
			}));
		}
		Future<List<String>> polled = Executors.newSingleThreadExecutor().submit(pollUntilDone(cursor, ingestDone));
		for (Future<?> future : shipped) {
			future.get(2, TimeUnit.MINUTES);
		}
		ingestDone.set(true);
		shippers.shutdown();
		List<String> seen = polled.get(2, TimeUnit.MINUTES);

		List<String> stored = jdbc.queryForList(
				"SELECT DISTINCT alert_id FROM alert_key WHERE key_field = 'host.id' AND key_value LIKE 'conc-%'",
				String.class);
		assertThat(stored).hasSize(threads * batchesPerThread * attacksPerBatch);
		assertThat(seen).doesNotHaveDuplicates();
		assertThat(seen).containsExactlyInAnyOrderElementsOf(stored);
	}

	/**
	 * Polls with small pages until a poll begun after ingest ended finds nothing more.
	 */
	private Callable<List<String>> pollUntilDone(String start, AtomicBoolean ingestDone) {
		return () -> {
			Http poller = new Http(port);
			List<String> seen = new ArrayList<>();
			String cursor = start;
			while (true) {
				boolean finalPoll = ingestDone.get();
				JsonNode page = poller.get("/api/v1/alerts?limit=7&cursor=" + cursor).json();
				seen.addAll(ids(page));
				cursor = page.get("next_cursor").asString();
				if (finalPoll && !page.get("has_more").asBoolean()) {
					return seen;
				}
			}
		};
	}

	@Test
	void theKibanaFormIsBuildingBlocksThenTheShell() {
		JsonNode documents = http.get("/api/v1/alerts/" + seedH1 + "?format=kibana").json();
		assertThat(documents).hasSize(3);
		for (int i = 0; i < 2; i++) {
			JsonNode block = documents.get(i);
			assertThat(block.get("kibana.alert.building_block_type").asString()).isEqualTo("default");
			assertThat(block.get("kibana.alert.group.id").asString()).isEqualTo(seedH1);
			assertThat(block.get("kibana.alert.group.index").asInt()).isEqualTo(i);
			assertThat(block.get("kibana.alert.depth").asInt()).isEqualTo(1);
			assertThat(block.get("kibana.alert.uuid").asString()).hasSize(64).isNotEqualTo(seedH1);
			assertThat(block.get("kibana.alert.ancestors").get(0).get("type").asString()).isEqualTo("event");
			assertThat(block.get("event").get("kind").asString()).isEqualTo("signal");
		}
		assertThat(documents.get(0).get("kibana.alert.original_time").asString()).isEqualTo("2024-05-14T08:00:00Z");
		assertThat(documents.get(0).get("kibana.alert.ancestors").get(0).get("id").asString()).isEqualTo("h-1-net");
		assertThat(documents.get(0).get("kibana.alert.original_event.category").get(0).asString()).isEqualTo("network");
		assertThat(documents.get(1).get("process").get("parent").get("name").asString()).isEqualTo("wsmprovhost.exe");

		JsonNode shell = documents.get(2);
		assertThat(shell.get("kibana.alert.uuid").asString()).isEqualTo(seedH1);
		assertThat(shell.get("kibana.alert.group.id").asString()).isEqualTo(seedH1);
		assertThat(shell.has("kibana.alert.building_block_type")).isFalse();
		assertThat(shell.get("kibana.alert.depth").asInt()).isEqualTo(2);
		assertThat(shell.get("kibana.alert.ancestors")).hasSize(4);
		assertThat(shell.get("host").get("id").asString()).isEqualTo("h-1");
		assertThat(shell.has("process")).isFalse();
		assertThat(shell.get("kibana.alert.workflow_status").asString()).isEqualTo("open");
		assertThat(shell.get("kibana.alert.rule.rule_id").asString()).isEqualTo(SEED_RULE);
		assertThat(shell.get("kibana.alert.rule.type").asString()).isEqualTo("eql");
		assertThat(shell.get("kibana.alert.severity").asString()).isEqualTo("medium");
		assertThat(shell.get("kibana.alert.risk_score").asInt()).isEqualTo(47);
		JsonNode threat = shell.get("kibana.alert.rule.threat");
		assertThat(threat.get(0).get("technique").get(0).get("subtechnique").get(0).get("id").asString())
			.isEqualTo("T1021.006");
		assertThat(shell.get("kibana.alert.reason").asString())
			.endsWith("created medium alert Incoming Execution via PowerShell Remoting.");

		JsonNode single = http.get("/api/v1/alerts/" + dumpH1 + "?format=kibana").json();
		assertThat(single).hasSize(1);
		assertThat(single.get(0).get("kibana.alert.uuid").asString()).isEqualTo(dumpH1);
		assertThat(single.get(0).has("kibana.alert.group.id")).isFalse();
		assertThat(single.get(0).get("kibana.alert.reason").asString())
			.isEqualTo("process event with process mimikatz.exe, created high alert Credential Dumping Tool_50%.");
	}

	@Test
	void attackCoverageListsTheRulesAndCountsTheirAlerts() {
		JsonNode coverage = http.get("/api/v1/attack/coverage?to=" + Instant.now().plusSeconds(3600)).json();
		JsonNode lateral = tactic(coverage, "TA0008");
		assertThat(lateral.get("name").asString()).isEqualTo("Lateral Movement");
		assertThat(lateral.get("rules").get(0).get("rule_id").asString()).isEqualTo(SEED_RULE);
		long seedAlerts = jdbc.queryForObject("SELECT count(*) FROM alert WHERE rule_id = ?", Long.class, SEED_RULE);
		assertThat(lateral.get("alerts").asLong()).isEqualTo(seedAlerts);
		JsonNode remote = lateral.get("techniques").get(0);
		assertThat(remote.get("id").asString()).isEqualTo("T1021");
		assertThat(remote.get("alerts").asLong()).isEqualTo(seedAlerts);
		assertThat(remote.get("subtechniques").get(0).get("id").asString()).isEqualTo("T1021.006");
		assertThat(remote.get("subtechniques").get(0).get("alerts").asLong()).isEqualTo(seedAlerts);
		JsonNode credential = tactic(coverage, "TA0006");
		assertThat(credential.get("alerts").asLong()).isEqualTo(2);
		assertThat(credential.get("rules").get(0).get("name").asString()).isEqualTo("Credential Dumping Tool_50%");

		JsonNode later = http.get("/api/v1/attack/coverage?from=" + betweenBatches).json();
		assertThat(tactic(later, "TA0006").get("alerts").asLong()).isEqualTo(1);
		JsonNode future = http.get("/api/v1/attack/coverage?from=2999-01-01T00:00:00Z").json();
		assertThat(tactic(future, "TA0008").get("alerts").asLong()).isZero();
		assertThat(tactic(future, "TA0008").get("rules")).hasSize(1);
		assertThat(http.get("/api/v1/attack/coverage?from=2999-01-01T00:00:00Z&to=2000-01-01T00:00:00Z").status())
			.isEqualTo(400);

		JsonNode layer = http.get("/api/v1/attack/navigator-layer").json();
		assertThat(layer.get("versions").get("layer").asString()).isEqualTo("4.5");
		assertThat(layer.get("domain").asString()).isEqualTo("enterprise-attack");
		JsonNode winrm = StreamSupport.stream(layer.get("techniques").spliterator(), false)
			.filter(technique -> technique.get("techniqueID").asString().equals("T1021.006"))
			.findFirst()
			.orElseThrow();
		assertThat(winrm.get("tactic").asString()).isEqualTo("lateral-movement");
		assertThat(winrm.get("score").asLong()).isEqualTo(seedAlerts);
		assertThat(winrm.get("comment").asString()).contains("Incoming Execution via PowerShell Remoting");
		assertThat(layer.get("gradient").get("maxValue").asLong()).isGreaterThanOrEqualTo(seedAlerts);
	}

	private static JsonNode tactic(JsonNode coverage, String id) {
		return StreamSupport.stream(coverage.get("tactics").spliterator(), false)
			.filter(tactic -> tactic.get("id").asString().equals(id))
			.findFirst()
			.orElseThrow();
	}

	/** The ids of the shared data set that the query selects. */
	private Set<String> dataSet(String query) {
		Set<String> dataSet = Set.of(seedH1, seedH2, dumpH1, dumpH3);
		return ids(query + (query.isEmpty() ? "" : "&") + "limit=1000").stream()
			.filter(dataSet::contains)
			.collect(Collectors.toSet());
	}

	List<String> ids(String query) {
		Http.Response response = http.get("/api/v1/alerts?" + query);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return ids(response.json());
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("alerts").forEach(alert -> ids.add(alert.get("id").asString()));
		return ids;
	}

	private List<JsonNode> onlyAlert(String query) {
		List<JsonNode> alerts = new ArrayList<>();
		http.get("/api/v1/alerts?limit=1000&" + query).json().get("alerts").forEach(alerts::add);
		return alerts;
	}

	String onlyId(String query) {
		List<String> ids = ids(query);
		assertThat(ids).as(query).hasSize(1);
		return ids.getFirst();
	}

	private JsonNode changeStatus(String body) {
		Http.Response response = http.post("/api/v1/alerts/_status", "application/json", body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	void ingest(String... events) {
		Http.Response response = http.post("/api/v1/events", "application/x-ndjson", String.join("\n", events));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("rejected").asInt()).as(response.body()).isZero();
	}

	static String seedAttack(String host, Instant at) {
		return NETWORK.formatted(host, at) + "\n" + PROCESS.formatted(host, at.plusSeconds(4));
	}

	static String dump(String host, String at) {
		return DUMP.formatted(host, at);
	}

	private static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		array.forEach(node -> strings.add(node.asString()));
		return strings;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
