package io.vigil.detection;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.vigil.engine.SequenceSpecs;
import io.vigil.support.Http;
import io.vigil.support.RuleTexts;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule test API over real HTTP: every sequence spec case gives its expected
 * sequences.
 */
@VigilIntegrationTest
class RuleTestApiIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@TestFactory
	Stream<DynamicTest> everySequenceSpecCaseThroughTheApi() throws IOException {
		return SequenceSpecs.all().stream().map(spec -> DynamicTest.dynamicTest(spec.name(), () -> {
			ObjectNode request = JSON.createObjectNode().put("query", spec.query());
			ArrayNode events = request.putArray("events");
			spec.events().forEach(events::add);
			Http.Response response = new Http(port).post("/api/v1/rules/_test", "application/json", request.toString());
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			List<String> found = SequenceSpecs
				.sorted(describe(response.json(), spec.expected().stream().anyMatch(e -> e.contains(":"))));
			assertThat(found).containsExactlyElementsOf(SequenceSpecs.sorted(spec.expectedIds()));
		}));
	}

	/**
	 * A test is evaluated in chunks of events in time order (the time budget is looked at
	 * between them): what a tiebreaker orders across a chunk boundary must match as in
	 * one batch.
	 */
	@Test
	void eventsAcrossEvaluationChunksMatchAsInOneBatch() {
		ObjectNode request = JSON.createObjectNode()
			.put("query", "sequence by host.id [any where stage == 1] [any where stage == 2]")
			.put("tiebreaker_field", "seq");
		ArrayNode events = request.putArray("events");
		String event = """
				{"@timestamp": "2024-01-01T00:00:00Z", "host": {"id": "h%d"}, "stage": %d, "seq": %d}""";
		// every event at one instant, the second stages first in the request: only the
		// tiebreaker orders them
		for (int host = 0; host < 150; host++) {
			events.add(JSON.readTree(event.formatted(host, 2, 1)));
		}
		for (int host = 149; host >= 0; host--) {
			events.add(JSON.readTree(event.formatted(host, 1, 0)));
		}
		JsonNode result = new Http(port).post("/api/v1/rules/_test", "application/json", request.toString()).json();
		assertThat(result.get("detections")).hasSize(150);
	}

	@Test
	void aWholeRuleFileCanBeTested() {
		ObjectNode request = JSON.createObjectNode();
		request.put("rule", RuleTexts.eql("two-logons", "Two logons",
				"sequence by user.name with maxspan=1m [authentication where true] ![process where true] [authentication where true]"));
		ArrayNode events = request.putArray("events");
		events.add(JSON.readTree(
				"{\"@timestamp\": \"2024-01-01T00:00:00Z\", \"event\": {\"category\": \"authentication\"}, \"user\": {\"name\": \"bob\"}}"));
		events.add(JSON.readTree(
				"{\"@timestamp\": \"2024-01-01T00:00:10Z\", \"event\": {\"category\": \"authentication\"}, \"user\": {\"name\": \"bob\"}}"));
		events.add(JSON.readTree("{\"event\": {\"category\": \"authentication\"}}"));
		JsonNode result = new Http(port).post("/api/v1/rules/_test", "application/json", request.toString()).json();
		JsonNode detection = result.get("detections").get(0);
		assertThat(detection.get("rule_id").asString()).isEqualTo("two-logons");
		assertThat(detection.get("keys").get("user.name").asString()).isEqualTo("bob");
		assertThat(detection.get("events").get(1).get("missing").asBoolean()).isTrue();
		assertThat(detection.get("events").get(2).get("event").get("@timestamp").asString())
			.isEqualTo("2024-01-01T00:00:10Z");
		assertThat(result.get("rejected").get(0).get("index").asInt()).isEqualTo(2);
		assertThat(result.get("rejected").get(0).get("reason").asString()).isEqualTo("the event has no [@timestamp]");
	}

	@Test
	void aTestTakesAtMostTenThousandEvents() {
		String events = String.join(",", Collections.nCopies(10_001, "{}"));
		Http.Response response = new Http(port).post("/api/v1/rules/_test", "application/json",
				"{\"query\": \"process where true\", \"events\": [" + events + "]}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("events");
	}

	@Test
	void anInvalidQueryIsAProblemWithItsErrors() {
		Http.Response response = new Http(port).post("/api/v1/rules/_test", "application/json", """
				{"query": "process where process.name = \\"x\\"", "events": []}""");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("errors").get(0).get("message").asString())
			.startsWith("[=] is not an equality operator");
	}

	private static List<String> describe(JsonNode result, boolean withKeys) {
		return result.get("detections").valueStream().map(detection -> {
			String events = detection.get("events")
				.valueStream()
				.map(event -> event.get("missing").asBoolean() ? "-" : event.get("event").get("id").asString())
				.collect(Collectors.joining(" "));
			if (!withKeys) {
				return events;
			}
			String keys = detection.get("keys")
				.valueStream()
				.map(key -> key.isNull() ? "null" : key.asString())
				.collect(Collectors.joining(","));
			return keys + ": " + events;
		}).toList();
	}

}
