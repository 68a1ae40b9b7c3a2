package io.vigil.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.vigil.support.Http;
import io.vigil.support.QueryArbitraries;
import io.vigil.support.RuleTexts;
import io.vigil.support.RunningService;
import io.vigil.support.StoredCandidates;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bodies on the ingest endpoints of one running service: random bytes, broken and
 * oversized gzip, deep nesting, huge strings and arrays, wrong JSON types for every field
 * the seed rule reads, invalid UTF-8, NUL bytes, duplicate keys. Every request is refused
 * with a 4xx (or, for a bad event in a well-formed batch, that event is rejected); after
 * each one the service is healthy and what was accepted before is intact. Generated and
 * mutated queries through {@code _validate} and {@code _test} get a verdict or a 400,
 * never a 5xx.
 */
class HostileInputProperties {

	private static final List<String> SEED_FIELDS = List.of("@timestamp", "event.category", "event.type", "host.id",
			"host.os.type", "network.direction", "network.protocol", "source.ip", "destination.port",
			"process.parent.name", "process.executable");

	private static final List<String> WRONG_VALUES = List.of("{}", "{\"a\":{\"b\":1}}", "[{}]", "[[1]]", "true",
			"1e400", "-99999999999999999999999", "\"\"", "\"\\u0000\"", "\"not an ip or a date\"", "[\"a\", {}]",
			"\"" + "x".repeat(10_000) + "\"");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static RunningService service;

	private static Http http;

	private static String seedAlert;

	private static int retainedBefore;

	@BeforeContainer
	static void start() throws IOException {
		service = RunningService.start("hostile");
		http = service.http();
		Http.Response seeded = post("application/x-ndjson", (IngestIntegrationTests.NETWORK.formatted("hostile") + "\n"
				+ IngestIntegrationTests.PROCESS.formatted("hostile"))
			.getBytes(StandardCharsets.UTF_8));
		assertThat(seeded.json().get("alerts_created").asInt()).isEqualTo(1);
		seedAlert = jdbc().queryForObject("SELECT id FROM alert", String.class);
		retainedBefore = StoredCandidates.count(jdbc());
	}

	@AfterContainer
	static void stop() {
		if (service != null) {
			service.close();
		}
	}

	@Property(tries = 300)
	void randomBytesAreRefused(@ForAll @Size(max = 4096) byte[] body, @ForAll("contentTypes") String contentType) {
		Http.Response response = post(contentType, body);
		assertRefusedOrNothingAccepted(response);
		assertIntact();
	}

	@Property(tries = 100)
	void truncatedGzipIsRefused(@ForAll @IntRange(min = 0, max = 99) int percent) throws IOException {
		byte[] gzip = gzip(seedBatch("gzip-" + percent).getBytes(StandardCharsets.UTF_8));
		byte[] truncated = Arrays.copyOf(gzip, gzip.length * percent / 100);
		Http.Response response = http.post("/api/v1/events", truncated, "Content-Type", "application/x-ndjson",
				"Content-Encoding", "gzip");
		assertThat(response.status()).as(response.body()).isBetween(400, 499);
		assertIntact();
	}

	/**
	 * An object where the field holds a value is rejected, as Elasticsearch's mapping
	 * would; a scalar is coerced to the field's ECS type or the event is rejected with
	 * the reason. Either way the rest of the batch is accepted.
	 */
	@Property(tries = 200)
	void wrongTypesForTheSeedRuleFieldsRejectOnlyThatEvent(@ForAll("seedFields") String field,
			@ForAll("wrongValues") String value) {
		String wrong = seedEvent("wrong-type", field, value);
		String fine = seedEvent("fine", "process.parent.name", "\"wsmprovhost.exe\"");
		Http.Response response = post("application/json",
				("[" + wrong + "," + fine + "]").getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode result = response.json();
		assertThat(result.get("accepted").asInt() + result.get("rejected").asInt() + result.get("duplicates").asInt())
			.isEqualTo(2);
		if (value.contains("{")) {
			assertThat(result.get("errors")).as(response.body()).hasSize(1);
			assertThat(result.get("errors").get(0).get("index").asInt()).isZero();
			assertThat(result.get("errors").get(0).get("reason").asString()).isNotBlank();
		}
		assertIntact();
	}

	@Property(tries = 400)
	void invalidUtf8AndNulBytesAreRefused(@ForAll("poison") byte[] poison,
			@ForAll @IntRange(min = 0, max = 60) int at) {
		byte[] event = seedEvent("utf8", "process.parent.name", "\"wsmprovhost.exe\"").getBytes(StandardCharsets.UTF_8);
		int offset = Math.min(event.length - 1, Math.max(1, at));
		byte[] body = new byte[event.length + poison.length];
		System.arraycopy(event, 0, body, 0, offset);
		System.arraycopy(poison, 0, body, offset, poison.length);
		System.arraycopy(event, offset, body, offset + poison.length, event.length - offset);
		Http.Response response = post("application/x-ndjson", body);
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertIntact();
	}

	/**
	 * Elasticsearch refuses a document with a duplicate key as unparseable: so does
	 * ingest.
	 */
	@Example
	void duplicateKeysAreRefused() {
		String duplicated = """
				{"@timestamp":"2024-05-14T08:00:00Z","event":{"id":"dup","category":["process"]},"host":{"id":"a"},"host":{"id":"b"}}""";
		Http.Response response = post("application/json", duplicated.getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("host", "line 1");
		assertIntact();
	}

	@Example
	void deepNestingAndHugeStringsAreRefusedAndHugeArraysBounded() {
		for (String body : List.of("[".repeat(100_000) + "]".repeat(100_000),
				"{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000),
				seedEvent("huge-string", "process.parent.name", "\"" + "w".repeat(3_000_000) + "\""))) {
			Http.Response response = post("application/json", body.getBytes(StandardCharsets.UTF_8));
			assertThat(response.status()).as(response.body()).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertIntact();
		}
		// Elasticsearch takes an array of any length; so does ingest, within the request
		// size limit
		Http.Response array = post("application/json",
				seedEvent("huge-array", "event.category", "[" + "\"process\",".repeat(300_000) + "\"process\"]")
					.getBytes(StandardCharsets.UTF_8));
		assertThat(array.status()).isEqualTo(200);
		assertThat(array.json().get("accepted").asInt()).isEqualTo(1);
		assertIntact();
	}

	@Example
	void aZipBombStopsAtTheDecompressionLimit() throws IOException {
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
			byte[] spaces = new byte[1 << 20];
			Arrays.fill(spaces, (byte) ' ');
			for (int i = 0; i < 300; i++) {
				gzip.write(spaces);
			}
		}
		Http.Response response = http.post("/api/v1/events", compressed.toByteArray(), "Content-Type",
				"application/json", "Content-Encoding", "gzip");
		assertThat(response.status()).as(response.body()).isEqualTo(413);
		assertIntact();
	}

	@Property(tries = 100)
	void hostileBulkBodiesAreRefused(@ForAll @Size(max = 2048) byte[] body) {
		Http.Response response = http.post("/_bulk", body, "Content-Type", "application/x-ndjson");
		assertThat(response.status()).as(response.body()).isLessThan(500);
		if (response.status() == 200) {
			response.json()
				.get("items")
				.forEach(item -> assertThat(item.properties().iterator().next().getValue().get("status").asInt())
					.isGreaterThanOrEqualTo(400));
		}
		assertIntact();
	}

	/**
	 * The Elasticsearch-compatible surface shippers call, with generated paths, methods,
	 * parameters and bodies: answered in JSON, never a 5xx, and nothing it refuses is
	 * stored.
	 */
	@Property(tries = 300)
	void theCompatibleSurfaceAnswersEveryRequest(@ForAll("compatiblePaths") String path,
			@ForAll("segments") String segment, @ForAll("methods") String method,
			@ForAll @Size(max = 512) byte[] body) {
		String target = path.replace("{}", URLEncoder.encode(segment, StandardCharsets.UTF_8)) + "?"
				+ URLEncoder.encode(segment, StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(segment, StandardCharsets.UTF_8);
		Http.Response response = http.send(HttpRequest.newBuilder(URI.create(http.url(target)))
			.header("Content-Type", "application/x-ndjson")
			.method(method, HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
		assertThat(response.status()).as(method + " " + target + ": " + response.body()).isLessThan(500);
		if (response.status() >= 400 && !method.equals("HEAD")) {
			assertThat(response.contentType()).as(method + " " + target).contains("json");
			assertThat(response.json().has("error") || response.json().has("detail")).as(response.body()).isTrue();
		}
		assertIntact();
	}

	@Provide
	Arbitrary<String> compatiblePaths() {
		return Arbitraries.of("/", "/_license", "/_cluster/health", "/_cat/health", "/_bulk", "/{}/_bulk",
				"/_index_template/{}", "/_template/{}", "/_component_template/{}", "/_ilm/policy/{}", "/{}", "/{}/_doc",
				"/_nodes", "/{}/_mapping");
	}

	@Provide
	Arbitrary<String> segments() {
		return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries
			.of("logs-endpoint.events.process-default", "..", "%2e%2e", "*", "_all", "a/b", "\u0000", "é", " ", ""));
	}

	@Provide
	Arbitrary<String> methods() {
		return Arbitraries.of("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS");
	}

	/**
	 * Generated and mutated queries through the rule endpoints: a verdict or a 400, never
	 * a 5xx.
	 */
	@Property(tries = 300)
	void hostileQueriesGetAVerdict(@ForAll("queries") String query) {
		ObjectNode validate = JSON.createObjectNode().put("query", query);
		Http.Response validated = http.post("/api/v1/rules/_validate", "application/json", validate.toString());
		assertThat(validated.status()).as(validated.body()).isIn(200, 400);
		if (validated.status() == 200) {
			assertThat(validated.json().get("valid").isBoolean()).isTrue();
		}
		ObjectNode test = JSON.createObjectNode().put("query", query);
		test.putArray("events")
			.add(JSON.readTree(seedEvent("query-fuzz", "process.parent.name", "\"wsmprovhost.exe\"")));
		Http.Response tested = http.post("/api/v1/rules/_test", "application/json", test.toString());
		assertThat(tested.status()).as(tested.body()).isIn(200, 400);
		String rule = RuleTexts.eql("query-fuzz", "Query fuzz", query);
		Http.Response toml = http.post("/api/v1/rules/_validate", "application/toml", rule);
		assertThat(toml.status()).as(toml.body()).isIn(200, 400);
		assertIntact();
	}

	@Provide
	Arbitrary<String> queries() {
		return Arbitraries.oneOf(QueryArbitraries.soup(), QueryArbitraries.mutated());
	}

	@Provide
	Arbitrary<String> contentTypes() {
		return Arbitraries.of("application/json", "application/x-ndjson", "text/plain", "application/octet-stream");
	}

	@Provide
	Arbitrary<String> seedFields() {
		return Arbitraries.of(SEED_FIELDS);
	}

	@Provide
	Arbitrary<String> wrongValues() {
		return Arbitraries.of(WRONG_VALUES);
	}

	/**
	 * A NUL, truncated, invalid, overlong and surrogate sequences: none is UTF-8 JSON may
	 * hold.
	 */
	@Provide
	Arbitrary<byte[]> poison() {
		return Arbitraries.of(new byte[] { 0 }, new byte[] { (byte) 0xC3, 0x28 }, new byte[] { (byte) 0xFF },
				new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80 }, new byte[] { (byte) 0xC0, (byte) 0xAF },
				new byte[] { '"', 0, '"' });
	}

	private static void assertRefusedOrNothingAccepted(Http.Response response) {
		assertThat(response.status()).as(response.body()).isLessThan(500);
		if (response.status() == 200) {
			assertThat(response.json().get("accepted").asInt()).as(response.body()).isZero();
		}
		else {
			assertThat(response.status()).isBetween(400, 499);
			assertThat(response.contentType()).startsWith("application/problem+json");
		}
	}

	/**
	 * Healthy, and what was accepted before is still there: the alert and the events
	 * rules keep.
	 */
	private static void assertIntact() {
		assertThat(http.get("/actuator/health").status()).isEqualTo(200);
		assertThat(http.get("/api/v1/alerts/" + seedAlert).json().get("keys").get("host.id").asString())
			.isEqualTo("hostile");
		assertThat(StoredCandidates.count(jdbc())).isEqualTo(retainedBefore);
	}

	/**
	 * A seed-rule event (either stage's fields) with one field's value replaced by raw
	 * JSON.
	 */
	private static String seedEvent(String id, String field, String rawValue) {
		String[] path = field.equals("@timestamp") ? new String[] { "@timestamp" } : field.split("\\.");
		StringBuilder json = new StringBuilder("{");
		if (!field.equals("@timestamp")) {
			json.append("\"@timestamp\":\"2024-05-14T08:00:00Z\",");
		}
		if (!field.startsWith("event.")) {
			json.append("\"event\":{\"id\":\"").append(id).append("\",\"category\":[\"process\"]},");
		}
		for (String part : path) {
			json.append('"').append(part).append("\":").append(part.equals(path[path.length - 1]) ? "" : "{");
		}
		json.append(rawValue).append("}".repeat(path.length - 1)).append('}');
		return json.toString();
	}

	private static String seedBatch(String id) {
		return IngestIntegrationTests.NETWORK.formatted(id) + "\n" + IngestIntegrationTests.PROCESS.formatted(id);
	}

	private static byte[] gzip(byte[] body) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(body);
		}
		return out.toByteArray();
	}

	private static Http.Response post(String contentType, byte[] body) {
		return http.post("/api/v1/events", body, "Content-Type", contentType);
	}

	private static JdbcTemplate jdbc() {
		return service.jdbc();
	}

}
