package io.vigil;

import java.nio.file.Files;
import java.nio.file.Path;

import io.vigil.support.Http;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application with its default configuration (file-mode H2, shipped rules) over real
 * HTTP.
 */
@VigilIntegrationTest
class VigilApplicationIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void servesTheShippedRules() {
		Http.Response response = new Http(port).get("/api/v1/rules");
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("total").asInt()).isEqualTo(1);
		JsonNode seed = body.get("rules").get(0);
		assertThat(seed.get("rule_id").asString()).isEqualTo("2772264c-6fb9-4d9d-9014-b416eed21254");
		assertThat(seed.get("status").asString()).isEqualTo("loaded");
		assertThat(seed.get("severity").asString()).isEqualTo("medium");
	}

	@Test
	void servesOneRuleWithItsAttackMapping() {
		JsonNode rule = new Http(port).get("/api/v1/rules/2772264c-6fb9-4d9d-9014-b416eed21254").json().get("rule");
		assertThat(rule.get("risk_score").asInt()).isEqualTo(47);
		assertThat(rule.get("threat").get(0).get("tactic").get("id").asString()).isEqualTo("TA0008");
		assertThat(rule.get("threat").get(1).get("techniques").get(0).get("subtechniques").get(0).get("id").asString())
			.isEqualTo("T1059.001");
	}

	@Test
	void unknownRuleIsProblemJson() {
		Http.Response response = new Http(port).get("/api/v1/rules/nope");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).isEqualTo("No rule with rule_id [nope] is loaded");
	}

	@Test
	void validatesARuleFileWithoutLoadingIt() throws Exception {
		String seed = Files.readString(Path.of("rules/windows/lateral_movement_powershell_remoting_target.toml"));
		JsonNode valid = new Http(port).post("/api/v1/rules/_validate", "application/toml", seed).json();
		assertThat(valid.get("valid").asBoolean()).isTrue();
		assertThat(valid.get("rule").get("name").asString()).isEqualTo("Incoming Execution via PowerShell Remoting");
		assertThat(valid.get("canonical_query").asString())
			.startsWith("sequence by host.id with maxspan=30s\n  [network where");
		assertThat(valid.get("diagnostics")).isEmpty();

		String broken = seed.replace("network.protocol == \"http\"", "network.protocol = \"http\"");
		JsonNode invalid = new Http(port).post("/api/v1/rules/_validate", "text/plain", broken).json();
		assertThat(invalid.get("valid").asBoolean()).isFalse();
		JsonNode problem = invalid.get("diagnostics").get(0);
		assertThat(problem.get("line").asInt()).isEqualTo(38);
		assertThat(problem.get("column").asInt()).isEqualTo(22);
		assertThat(problem.get("message").asString()).startsWith("[=] is not an equality operator");
		assertThat(new Http(port).get("/api/v1/rules").json().get("total").asInt()).isEqualTo(1);
	}

	@Test
	void validatesAQuery() {
		JsonNode result = new Http(port)
			.post("/api/v1/rules/_validate", "application/json",
					"{\"query\": \"process where\\n  cidrmatch(source.ip, \\\"10.0.0.0/33\\\")\"}")
			.json();
		assertThat(result.get("valid").asBoolean()).isFalse();
		assertThat(result.get("canonical_query").asString())
			.isEqualTo("process where cidrMatch(source.ip, \"10.0.0.0/33\")");
		JsonNode problem = result.get("diagnostics").get(0);
		assertThat(problem.get("line").asInt()).isEqualTo(2);
		assertThat(problem.get("column").asInt()).isEqualTo(24);
		assertThat(problem.get("message").asString()).isEqualTo("[10.0.0.0/33] is not a valid CIDR block");
	}

	@Test
	void malformedValidationRequestIsProblemJson() {
		Http.Response response = new Http(port).post("/api/v1/rules/_validate", "application/json", "{\"query\": ");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		Http.Response blank = new Http(port).post("/api/v1/rules/_validate", "application/json", "{\"query\": \" \"}");
		assertThat(blank.status()).isEqualTo(400);
		assertThat(blank.contentType()).startsWith("application/problem+json");
	}

	@Test
	void documentsTheApiForSwaggerUi() {
		Http http = new Http(port);
		Http.Response docs = http.get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().get("paths").has("/api/v1/events")).isTrue();
		assertThat(docs.json().get("paths").has("/_bulk")).isTrue();
		assertThat(docs.json().get("paths").has("/api/v1/rules/_test")).isTrue();
		assertThat(docs.json().get("tags").valueStream().map(tag -> tag.get("name").asString()))
			.containsExactly("ingest", "Elasticsearch-compatible", "rules", "alerts", "ATT&CK");
		JsonNode alerts = docs.json().get("paths").get("/api/v1/alerts").get("get");
		assertThat(alerts.get("responses")
			.get("400")
			.get("content")
			.get("application/problem+json")
			.get("schema")
			.get("$ref")
			.asString()).isEqualTo("#/components/schemas/Problem");
		assertThat(alerts.get("responses")
			.get("200")
			.get("content")
			.get("*/*")
			.get("examples")
			.get("seed alert")
			.get("$ref")
			.asString()).isEqualTo("#/components/examples/seed-alert-page");
		JsonNode example = docs.json().get("components").get("examples").get("seed-alert").get("value");
		assertThat(example.get("rule").get("name").asString()).isEqualTo("Incoming Execution via PowerShell Remoting");
		assertThat(example.get("threat")).hasSize(2);
		assertThat(docs.json().get("paths").get("/api/v1/alerts/{id}").get("get").get("responses").has("404")).isTrue();
		assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
	}

	@Test
	void reportsHealthAndRuleMetrics() {
		Http http = new Http(port);
		Http.Response health = http.get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("status").asString()).isEqualTo("UP");
		assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);
		assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(http.get("/actuator/prometheus").body()).contains("vigil_rules{status=\"loaded\"} 1.0");
	}

}
