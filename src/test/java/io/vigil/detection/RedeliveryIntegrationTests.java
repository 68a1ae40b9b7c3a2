package io.vigil.detection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.vigil.VigilApplication;
import io.vigil.support.Http;
import io.vigil.support.RuleTexts;
import io.vigil.support.StoredCandidates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redelivery over HTTP without a row per event, for each kind of rule: nothing alerts
 * twice, a re-sent candidate that a match used up forms no new match, {@code duplicates}
 * counts exactly the events a rule's state held already, and a bulk {@code create} of one
 * answers 409.
 */
class RedeliveryIntegrationTests {

	private static final String EVENT = """
			{"@timestamp":"%s","event":{"id":"%s","category":["%s"]},"host":{"id":"%s"},%s}""";

	@TempDir
	static Path dir;

	private static ConfigurableApplicationContext app;

	private static Http http;

	private static JdbcTemplate jdbc;

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	@BeforeAll
	static void start() throws IOException {
		Path rules = Files.createDirectories(dir.resolve("rules"));
		rule(rules, "single", "process where process.name == \"single.exe\"");
		rule(rules, "sequence", "sequence by host.id with maxspan=1m [network where destination.port == 4444] "
				+ "[process where process.name == \"seq.exe\"]");
		rule(rules, "sequence-long", "sequence by host.id with maxspan=1h [network where destination.port == 4444] "
				+ "[file where file.name == \"dropped.exe\"]");
		rule(rules, "sample",
				"sample by host.id [file where file.name == \"a.txt\"] [file where file.name == \"b.txt\"]");
		rule(rules, "missing",
				"sequence by host.id with maxspan=1m [authentication where event.outcome == \"failure\"] "
						+ "![authentication where event.outcome == \"unknown\"] [authentication where event.outcome == \"success\"]");
		app = new SpringApplicationBuilder(VigilApplication.class).run("--server.port=0",
				"--detection.rules-dir=" + rules, "--vigil.data-dir=" + dir);
		http = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
		jdbc = app.getBean(JdbcTemplate.class);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void aSingleEventAlertIsNotStoredTwiceThoughNothingRemembersItsEvent() {
		String single = event("single-1", "process", "h-single", 0, "\"process\":{\"name\":\"single.exe\"}");
		assertThat(send(single).get("alerts_created").asInt()).isEqualTo(1);
		JsonNode again = send(single);
		assertThat(again.get("accepted").asInt()).isEqualTo(1);
		assertThat(again.get("duplicates").asInt()).isZero();
		assertThat(again.get("alerts_created").asInt()).isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM alert WHERE rule_id = 'single'", Integer.class))
			.isEqualTo(1);
	}

	@Test
	void aSequenceHalfDoneOrCompletedIsNotFormedAgainFromResentEvents() {
		String network = event("seq-net", "network", "h-seq", 0, "\"destination\":{\"port\":4444}");
		String process = event("seq-proc", "process", "h-seq", 2, "\"process\":{\"name\":\"seq.exe\"}");
		assertThat(send(network).get("alerts_created").asInt()).isZero();
		assertThat(send(network).get("duplicates").asInt()).as("half done, sent again").isEqualTo(1);
		assertThat(send(network, process).get("alerts_created").asInt()).isEqualTo(1);
		JsonNode again = send(network, process);
		assertThat(again.get("duplicates").asInt()).isEqualTo(2);
		assertThat(again.get("accepted").asInt()).isZero();
		assertThat(again.get("alerts_created").asInt()).isZero();
		// the network event was used up by the sequence: sent again, it starts nothing a
		// later process could finish
		String later = event("seq-proc-2", "process", "h-seq", 5, "\"process\":{\"name\":\"seq.exe\"}");
		assertThat(send(network, later).get("alerts_created").asInt()).isZero();
		assertThat(alerts("h-seq")).isEqualTo(1);
	}

	@Test
	void anEventTwoRulesKeepIsStoredOnce() {
		String network = event("shared-net", "network", "h-shared", 0, "\"destination\":{\"port\":4444}");
		assertThat(send(network).get("accepted").asInt()).isEqualTo(1);
		assertThat(StoredCandidates.withIdPrefix(jdbc, "shared-net")).singleElement()
			.satisfies(stored -> assertThat(stored.ruleIds()).containsExactlyInAnyOrder("sequence", "sequence-long"));
	}

	@Test
	void aSampleIsNotFormedAgainFromAResentEvent() {
		String a = event("sample-a", "file", "h-sample", 0, "\"file\":{\"name\":\"a.txt\"}");
		String b = event("sample-b", "file", "h-sample", 1, "\"file\":{\"name\":\"b.txt\"}");
		assertThat(send(a, b).get("alerts_created").asInt()).isEqualTo(1);
		String b2 = event("sample-b2", "file", "h-sample", 2, "\"file\":{\"name\":\"b.txt\"}");
		JsonNode again = send(a, b2);
		assertThat(again.get("duplicates").asInt()).isEqualTo(1);
		assertThat(again.get("alerts_created").asInt()).isZero();
		assertThat(alerts("h-sample")).isEqualTo(1);
	}

	@Test
	void aMissingEventSequenceIsNotFormedFromResentEvents() {
		String failure = event("miss-fail", "authentication", "h-miss", 0, "\"event.outcome\":\"failure\"");
		String unknown = event("miss-unknown", "authentication", "h-miss", 1, "\"event.outcome\":\"unknown\"");
		String success = event("miss-success", "authentication", "h-miss", 2, "\"event.outcome\":\"success\"");
		assertThat(send(failure, unknown, success).get("alerts_created").asInt()).isZero();
		JsonNode again = send(failure, unknown, success);
		assertThat(again.get("duplicates").asInt()).isEqualTo(3);
		assertThat(again.get("alerts_created").asInt()).isZero();
		String failure2 = event("miss-fail-2", "authentication", "h-miss", 3, "\"event.outcome\":\"failure\"");
		String success2 = event("miss-success-2", "authentication", "h-miss", 4, "\"event.outcome\":\"success\"");
		assertThat(send(failure2, success2).get("alerts_created").asInt()).as("the positive control").isEqualTo(1);
	}

	@Test
	void aBulkCreateOfAnEventARuleHoldsIs409AndOfAnyOtherEventIs201() {
		String held = event("bulk-net", "network", "h-bulk", 0, "\"destination\":{\"port\":4444}");
		String plain = event("bulk-plain", "process", "h-bulk", 1, "\"process\":{\"name\":\"plain.exe\"}");
		String body = "{\"create\":{\"_index\":\"logs-test\"}}\n" + held + "\n{\"create\":{\"_index\":\"logs-test\"}}\n"
				+ plain + "\n{\"index\":{\"_index\":\"logs-test\"}}\n" + held + "\n";
		JsonNode first = http.post("/_bulk", "application/x-ndjson", body).json();
		assertThat(first.get("items").findValues("status").stream().map(JsonNode::asInt))
			.as("the same event indexed within one request is held by then")
			.containsExactly(201, 201, 200);
		JsonNode again = http.post("/_bulk", "application/x-ndjson", body).json();
		assertThat(again.get("items").findValues("status").stream().map(JsonNode::asInt)).containsExactly(409, 201,
				200);
	}

	@Test
	void eventsNoRuleKeepsSentTwiceLeaveNoRowAndChangeNothing() {
		String batch = IntStream.range(0, 50_000)
			.mapToObj(i -> event("noise-" + i, "process", "noise-" + (i % 1000), i % 60,
					"\"process\":{\"name\":\"noise.exe\"}"))
			.collect(Collectors.joining("\n"));
		long rowsBefore = rows();
		int alertsBefore = jdbc.queryForObject("SELECT count(*) FROM alert", Integer.class);
		for (int send = 0; send < 2; send++) {
			for (int half = 0; half < 2; half++) {
				JsonNode result = http.post("/api/v1/events", "application/x-ndjson", batch).json();
				assertThat(result.get("accepted").asInt()).isEqualTo(50_000);
				assertThat(result.get("duplicates").asInt()).isZero();
				assertThat(result.get("alerts_created").asInt()).isZero();
			}
			assertThat(rows()).as("rows in every table after send %d", send + 1).isEqualTo(rowsBefore);
		}
		assertThat(jdbc.queryForObject("SELECT count(*) FROM alert", Integer.class)).isEqualTo(alertsBefore);
	}

	/** Rows in all of the service's tables. */
	private static long rows() {
		long rows = 0;
		for (String table : jdbc.queryForList("SELECT table_name FROM information_schema.tables "
				+ "WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'", String.class)) {
			rows += jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
		}
		return rows;
	}

	private static JsonNode send(String... events) {
		return http.post("/api/v1/events", "application/x-ndjson", String.join("\n", events) + "\n").json();
	}

	private static String event(String id, String category, String host, int second, String fields) {
		return EVENT.formatted(NOW.plusSeconds(second), id, category, host, fields);
	}

	private static int alerts(String host) {
		return jdbc.queryForObject("SELECT count(*) FROM alert_key WHERE key_field = 'host.id' AND key_value = ?",
				Integer.class, host);
	}

	private static void rule(Path rules, String id, String query) throws IOException {
		Files.writeString(rules.resolve(id + ".toml"), RuleTexts.eql(id, id, query));
	}

}
