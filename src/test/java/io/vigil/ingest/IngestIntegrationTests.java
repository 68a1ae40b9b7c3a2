package io.vigil.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import io.vigil.support.Http;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest over real HTTP: every body shape and encoding, each limit and malformed input
 * with its exact status and error, redelivery; after each refusal, what was accepted
 * before is intact.
 */
@VigilIntegrationTest(properties = { VigilIntegrationTest.DATABASE, "ingest.max-events-per-batch=50",
		"ingest.max-request-size=200KB", "ingest.max-decompressed-size=300KB", "ingest.max-string-length=10000",
		"ingest.max-fields-per-event=200" })
class IngestIntegrationTests {

	static final String NETWORK = """
			{"@timestamp":"2024-05-14T08:00:23.348Z","event":{"id":"%1$s-net","category":["network"],"type":["start"]},"host":{"id":"%1$s","os":{"type":"windows"}},"network":{"direction":"incoming","protocol":"http"},"source":{"ip":"10.29.188.187"},"destination":{"port":5985}}""";

	static final String PROCESS = """
			{"@timestamp":"2024-05-14T08:00:27.350Z","event":{"id":"%1$s-proc","category":["process"],"type":["start"]},"host":{"id":"%1$s","os":{"type":"windows"}},"process":{"executable":"C:\\\\Windows\\\\System32\\\\whoami.exe","parent":{"name":"wsmprovhost.exe"}}}""";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private int alertsBefore;

	@BeforeEach
	void countAlerts() {
		alertsBefore = alerts();
	}

	@AfterEach
	void healthy() {
		assertThat(http().get("/actuator/health").status()).isEqualTo(200);
	}

	@Test
	void aJsonArray() {
		JsonNode result = events("application/json",
				"[" + NETWORK.formatted("array") + "," + PROCESS.formatted("array") + "]");
		assertThat(result.get("accepted").asInt()).isEqualTo(2);
		assertThat(result.get("alerts_created").asInt()).isEqualTo(1);
		String stored = jdbc.queryForObject("SELECT events FROM alert WHERE join_keys LIKE '%\"array\"%'",
				String.class);
		assertThat(stored).contains("\"source\":" + NETWORK.formatted("array"))
			.contains(PROCESS.formatted("array").substring(0, 60));
	}

	@Test
	void aDecoyUnderTheIdOfTheRealEventSuppressesNothing() {
		// the decoy takes the id the real process start will have, dated before any
		// network event
		String decoy = PROCESS.formatted("decoy").replace("2024-05-14T08:00:27.350Z", "2024-05-14T08:00:01.000Z");
		assertThat(events("application/x-ndjson", decoy).get("accepted").asInt()).isEqualTo(1);
		JsonNode real = events("application/x-ndjson", NETWORK.formatted("decoy") + "\n" + PROCESS.formatted("decoy"));
		assertThat(real.get("duplicates").asInt()).isZero();
		assertThat(real.get("alerts_created").asInt()).isEqualTo(1);
		assertThat(http().get("/actuator/prometheus").body()).contains("vigil_events_conflicting_total 1.0");
		// the same real batch sent again is a redelivery: no second alert
		JsonNode again = events("application/x-ndjson", NETWORK.formatted("decoy") + "\n" + PROCESS.formatted("decoy"));
		assertThat(again.get("alerts_created").asInt()).isZero();
	}

	@Test
	void anEventWithThousandsOfJoinKeyValuesJoinsUnderTheFirstOnlyAndCostsOtherHostsNothing() {
		String hosts = java.util.stream.IntStream.range(0, 2000)
			.mapToObj(i -> "\"fan-" + i + "\"")
			.collect(java.util.stream.Collectors.joining(","));
		String flood = NETWORK.formatted("fan").replace("\"host\":{\"id\":\"fan\"", "\"host\":{\"id\":[" + hosts + "]");
		assertThat(events("application/x-ndjson", flood).get("accepted").asInt()).isEqualTo(1);
		assertThat(http().get("/actuator/prometheus").body()).contains("vigil_events_keys_capped_total 1.0");
		// the first keys in value order hold the event; the rest of its 2,000 do not
		assertThat(events("application/x-ndjson", PROCESS.formatted("fan-0")).get("alerts_created").asInt())
			.isEqualTo(1);
		assertThat(events("application/x-ndjson", PROCESS.formatted("fan-1999")).get("alerts_created").asInt())
			.isZero();
		assertThat(
				events("application/x-ndjson", NETWORK.formatted("beside-fan") + "\n" + PROCESS.formatted("beside-fan"))
					.get("alerts_created")
					.asInt())
			.isEqualTo(1);
	}

	@Test
	void ingestIsCountedInMetrics() {
		String seedRule = "{rule_id=\"2772264c-6fb9-4d9d-9014-b416eed21254\"}";
		String before = http().get("/actuator/prometheus").body();
		events("application/json", "[" + NETWORK.formatted("metrics") + "," + PROCESS.formatted("metrics") + "]");
		String after = http().get("/actuator/prometheus").body();
		assertThat(metric(after, "vigil_events_total{outcome=\"accepted\"}")
				- metric(before, "vigil_events_total{outcome=\"accepted\"}"))
			.isEqualTo(2);
		assertThat(metric(after, "vigil_ingest_batch_size_count") - metric(before, "vigil_ingest_batch_size_count"))
			.isEqualTo(1);
		assertThat(metric(after, "vigil_ingest_batch_size_sum") - metric(before, "vigil_ingest_batch_size_sum"))
			.isEqualTo(2);
		assertThat(metric(after, "vigil_ingest_latency_seconds_count")
				- metric(before, "vigil_ingest_latency_seconds_count"))
			.isEqualTo(1);
		assertThat(metric(after, "vigil_alerts_stored_total" + seedRule)
				- metric(before, "vigil_alerts_stored_total" + seedRule))
			.isEqualTo(1);
		assertThat(after).contains("vigil_correlation_retained_events" + seedRule);
	}

	/** The value of one series in a Prometheus scrape, 0 when it is not there yet. */
	private static double metric(String scrape, String series) {
		return scrape.lines()
			.filter(line -> line.startsWith(series + " "))
			.mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst()
			.orElse(0);
	}

	@Test
	void oneObjectThenNdjsonWithoutFinalNewlineAsTextPlain() {
		assertThat(events("application/json", NETWORK.formatted("single")).get("accepted").asInt()).isEqualTo(1);
		JsonNode result = events("text/plain", PROCESS.formatted("single"));
		assertThat(result.get("alerts_created").asInt()).isEqualTo(1);
	}

	@Test
	void ndjsonWithFinalNewlineAndConcatenatedObjects() {
		assertThat(events("application/x-ndjson", NETWORK.formatted("nd") + "\n" + PROCESS.formatted("nd") + "\n")
			.get("alerts_created")
			.asInt()).isEqualTo(1);
		assertThat(events("application/json", NETWORK.formatted("cat") + PROCESS.formatted("cat")).get("alerts_created")
			.asInt()).isEqualTo(1);
	}

	@Test
	void gzipAndDeflateBodies() throws IOException {
		String body = NETWORK.formatted("gz") + "\n" + PROCESS.formatted("gz");
		JsonNode gzip = http()
			.post("/api/v1/events", gzip(body.getBytes(StandardCharsets.UTF_8)), "Content-Type", "application/x-ndjson",
					"Content-Encoding", "gzip")
			.json();
		assertThat(gzip.get("alerts_created").asInt()).isEqualTo(1);
		String other = NETWORK.formatted("deflate") + "\n" + PROCESS.formatted("deflate");
		JsonNode deflate = http()
			.post("/api/v1/events", deflate(other.getBytes(StandardCharsets.UTF_8)), "Content-Type",
					"application/x-ndjson", "Content-Encoding", "deflate")
			.json();
		assertThat(deflate.get("alerts_created").asInt()).isEqualTo(1);
	}

	@Test
	void aTruncatedGzipBodyIs400() throws IOException {
		byte[] gzip = gzip(NETWORK.formatted("truncated").getBytes(StandardCharsets.UTF_8));
		byte[] truncated = java.util.Arrays.copyOf(gzip, gzip.length / 2);
		Http.Response response = http().post("/api/v1/events", truncated, "Content-Type", "application/json",
				"Content-Encoding", "gzip");
		assertProblem(response, 400, "the gzip body cannot be decoded");
	}

	@Test
	void aZipBombIs413NamingTheLimit() throws IOException {
		byte[] bomb = gzip(new byte[5 * 1024 * 1024]);
		Http.Response response = http().post("/api/v1/events", bomb, "Content-Type", "application/json",
				"Content-Encoding", "gzip");
		assertProblem(response, 413, "ingest.max-decompressed-size");
	}

	@Test
	void anOversizedRequestIs413NamingTheLimit() {
		Http.Response response = http().post("/api/v1/events", new byte[300 * 1024], "Content-Type",
				"application/json");
		assertProblem(response, 413, "ingest.max-request-size");
	}

	@Test
	void tooManyEventsIs413NamingTheLimit() {
		String body = ("{\"@timestamp\":\"2024-01-01T00:00:00Z\"}\n").repeat(51);
		assertProblem(http().post("/api/v1/events", "application/x-ndjson", body), 413, "ingest.max-events-per-batch");
	}

	@Test
	void deepNestingIs400() {
		String body = "[".repeat(10_000) + "]".repeat(10_000);
		Http.Response response = http().post("/api/v1/events", "application/json", body);
		assertProblem(response, 400, "nesting depth");
	}

	@Test
	void aHugeStringInAFieldRulesReadIs400() {
		String body = "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"process\":{\"executable\":\"" + "x".repeat(20_000)
				+ "\"}}";
		assertProblem(http().post("/api/v1/events", "application/json", body), 400, "String value length");
	}

	@Test
	void aHugeStringNoRuleReadsIsSkippedUnread() {
		String body = "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"message\":\"" + "x".repeat(20_000) + "\"}";
		assertThat(events("application/json", body).get("accepted").asInt()).isEqualTo(1);
	}

	@Test
	void tooManyFieldsRejectsTheEventNotTheBatch() {
		StringBuilder event = new StringBuilder("{\"@timestamp\":\"2024-01-01T00:00:00Z\"");
		for (int i = 0; i < 250; i++) {
			event.append(",\"f").append(i).append("\":1");
		}
		event.append('}');
		JsonNode result = events("application/x-ndjson", event + "\n" + NETWORK.formatted("fields"));
		assertThat(result.get("accepted").asInt()).isEqualTo(1);
		assertThat(result.get("errors").get(0).get("index").asInt()).isZero();
		assertThat(result.get("errors").get(0).get("reason").asString()).contains("ingest.max-fields-per-event");
	}

	@Test
	void malformedJsonIs400WithLineAndColumn() {
		Http.Response response = http().post("/api/v1/events", "application/x-ndjson",
				NETWORK.formatted("ok") + "\n{\"@timestamp\": }");
		assertProblem(response, 400, "malformed JSON at line 2, column 16");
		assertThat(alerts()).isEqualTo(alertsBefore);
	}

	@Test
	void invalidUtf8Is400() {
		byte[] body = "{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"message\":\"\u00ff\"}"
			.getBytes(StandardCharsets.ISO_8859_1);
		assertProblem(http().post("/api/v1/events", body, "Content-Type", "application/json"), 400, "not valid UTF-8");
	}

	@Test
	void badEventsAreRejectedWithTheirPositionAndTheRestAccepted() {
		JsonNode result = events("application/x-ndjson",
				String.join("\n", "{\"event\":{\"category\":\"process\"}}", "{\"@timestamp\":\"yesterday\"}",
						"{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"destination\":{\"port\":\"abc\"}}", "[1, 2]",
						"{\"@timestamp\":12,\"event\":{\"id\":\"epoch-12\"}}", "{\"@timestamp\":253402300800000}",
						"{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"destination\":{\"port\":1e999999}}",
						"{\"@timestamp\":\"2024-01-01T00:00:00Z\",\"custom\":{\"ratio\":-1e999999}}"));
		assertThat(result.get("accepted").asInt()).isEqualTo(1);
		assertThat(result.get("rejected").asInt()).isEqualTo(7);
		assertThat(result.get("errors").get(0).get("reason").asString()).isEqualTo("the event has no [@timestamp]");
		assertThat(result.get("errors").get(1).get("reason").asString()).isEqualTo("field [@timestamp] of type [date] "
				+ "cannot hold [\"yesterday\"]: a date is ISO-8601 or epoch milliseconds, in the years 0000 to 9999");
		assertThat(result.get("errors").get(2).get("reason").asString())
			.isEqualTo("field [destination.port] of type [long] cannot hold [\"abc\"]");
		assertThat(result.get("errors").get(3).get("reason").asString())
			.isEqualTo("an event must be a JSON object, found array");
		assertThat(result.get("errors").get(4).get("index").asInt()).isEqualTo(5);
		assertThat(result.get("errors").get(4).get("reason").asString())
			.startsWith("field [@timestamp] of type [date] cannot hold [253402300800000]: ");
		assertThat(result.get("errors").get(5).get("reason").asString())
			.isEqualTo("field [destination.port] of type [long] cannot hold [1e999999]");
		assertThat(result.get("errors").get(6).get("reason").asString())
			.isEqualTo("the number [-1e999999] is not finite");
	}

	@Test
	void msgpackIs415AndAFormIs415() {
		assertProblem(http().post("/api/v1/events", new byte[] { (byte) 0x81 }, "Content-Type", "application/msgpack"),
				415, "Format json_lines");
		assertProblem(http().post("/api/v1/events", "a=b".getBytes(StandardCharsets.UTF_8), "Content-Type",
				"application/x-www-form-urlencoded"), 415, "form bodies are not supported");
	}

	@Test
	void redeliveryChangesNothing() {
		String withIds = NETWORK.formatted("again") + "\n" + PROCESS.formatted("again");
		String withoutIds = withIds.replace("\"id\":\"again-net\",", "")
			.replace("\"id\":\"again-proc\",", "")
			.replace("again", "again-noid");
		for (String batch : new String[] { withIds, withoutIds }) {
			JsonNode first = events("application/x-ndjson", batch);
			assertThat(first.get("alerts_created").asInt()).isEqualTo(1);
			for (int attempt = 0; attempt < 2; attempt++) {
				JsonNode again = events("application/x-ndjson", batch);
				assertThat(again.get("duplicates").asInt()).isEqualTo(2);
				assertThat(again.get("accepted").asInt()).isZero();
				assertThat(again.get("alerts_created").asInt()).isZero();
			}
		}
		assertThat(alerts()).isEqualTo(alertsBefore + 2);
	}

	private JsonNode events(String contentType, String body) {
		Http.Response response = http().post("/api/v1/events", contentType, body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private void assertProblem(Http.Response response, int status, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains(detail);
		assertThat(alerts()).isEqualTo(alertsBefore);
	}

	private int alerts() {
		return jdbc.queryForObject("SELECT COUNT(*) FROM alert", Integer.class);
	}

	private Http http() {
		return new Http(port);
	}

	static byte[] gzip(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
			zip.write(bytes);
		}
		return out.toByteArray();
	}

	private static byte[] deflate(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (DeflaterOutputStream zip = new DeflaterOutputStream(out)) {
			zip.write(bytes);
		}
		return out.toByteArray();
	}

}
