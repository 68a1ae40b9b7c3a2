package io.vigil.detection;

import io.vigil.support.Http;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule test that takes longer than {@code detection.test-time-budget} is stopped and
 * answered 422.
 */
@VigilIntegrationTest(properties = "detection.test-time-budget=1ms")
class RuleTestBudgetIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void aTestOverItsTimeBudgetIsStoppedWithA422SayingHowFarItGot() {
		ObjectNode request = JSON.createObjectNode()
			.put("query", "sequence by host.id [process where process.name : \"*a*b*c*\"] [network where true]");
		ArrayNode events = request.putArray("events");
		for (int i = 0; i < 10_000; i++) {
			events.add(JSON.readTree(
					"""
							{"@timestamp": "2024-01-01T00:00:%02d.%03dZ", "event": {"category": "process"}, "host": {"id": "h%d"},
							 "process": {"name": "%s"}}"""
						.formatted(i / 1000 % 60, i % 1000, i % 50, "abc".repeat(100))));
		}
		Http.Response response = new Http(port).post("/api/v1/rules/_test", "application/json", request.toString());
		assertThat(response.status()).as(response.body()).isEqualTo(422);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("time budget of PT0.001S")
			.contains("detection.test-time-budget")
			.containsPattern("stopped after \\d+ of 10000 events");
	}

}
