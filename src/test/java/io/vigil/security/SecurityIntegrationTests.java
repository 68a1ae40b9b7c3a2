package io.vigil.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.vigil.support.Http;
import io.vigil.support.VigilIntegrationTest;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys and roles, through HTTP, with keys configured: loopback clients get no free
 * pass then.
 */
@VigilIntegrationTest(properties = { VigilIntegrationTest.DATABASE, "security.api-keys[0].id=shipper",
		"security.api-keys[0].hash=" + SecurityIntegrationTests.SHIPPER_HASH, "security.api-keys[0].roles=ingest",
		"security.api-keys[1].id=analyst", "security.api-keys[1].hash=" + SecurityIntegrationTests.ANALYST_HASH,
		"security.api-keys[1].roles=read,triage", "security.api-keys[2].id=ops",
		"security.api-keys[2].hash=" + SecurityIntegrationTests.OPS_HASH, "security.api-keys[2].roles=admin" })
class SecurityIntegrationTests {

	static final String SHIPPER = "shipper-secret-0123456789abcdef";

	static final String ANALYST = "analyst-secret-0123456789abcdef";

	static final String OPS = "ops-secret-0123456789abcdef";

	// printf %s "$KEY" | sha256sum, as the README says
	static final String SHIPPER_HASH = "sha256:766144d1aa74a2fc892117fcccfafaef193c57ea54be0a7bfc3d0da06a17deab";

	static final String ANALYST_HASH = "sha256:d818d61e7695fdb1ad3dff9232a7a0e9a52ae8305d30d480c5ce9191427abb80";

	static final String OPS_HASH = "sha256:89e1fa8725570a68730f193a5e77f446dbc0ce0b4c4789b531d457513ba6321d";

	private static final String EVENT = """
			{"@timestamp":"2024-05-14T08:00:00Z","event":{"category":["process"]}}""";

	@LocalServerPort
	int port;

	@Test
	void theConfiguredHashesAreTheSha256OfTheSecrets() throws Exception {
		assertThat(SHIPPER_HASH).isEqualTo(hash(SHIPPER));
		assertThat(ANALYST_HASH).isEqualTo(hash(ANALYST));
		assertThat(OPS_HASH).isEqualTo(hash(OPS));
	}

	@ParameterizedTest(name = "{0} {1} as {2} -> {3}")
	@CsvSource({ "POST, /api/v1/events, shipper, 200", "POST, /api/v1/events, analyst, 403",
			"POST, /api/v1/events, ops, 403", "POST, /_bulk, shipper, 200", "POST, /_bulk, analyst, 403",
			"GET, /, shipper, 200", "GET, /, analyst, 403", "GET, /api/v1/alerts, analyst, 200",
			"GET, /api/v1/alerts, shipper, 403", "GET, /api/v1/alerts, ops, 403", "GET, /api/v1/rules, analyst, 200",
			"GET, /api/v1/rules, shipper, 403", "GET, /api/v1/attack/coverage, analyst, 200",
			"GET, /api/v1/attack/coverage, ops, 403", "POST, /api/v1/alerts/_status, analyst, 200",
			"POST, /api/v1/alerts/_status, shipper, 403", "POST, /api/v1/rules/_validate, ops, 200",
			"POST, /api/v1/rules/_validate, analyst, 403", "POST, /api/v1/rules/_test, ops, 200",
			"POST, /api/v1/rules/_test, shipper, 403", "GET, /actuator/prometheus, ops, 200",
			"GET, /actuator/prometheus, analyst, 403", "GET, /actuator/health, none, 200",
			"GET, /v3/api-docs, none, 200", "GET, /swagger-ui/index.html, none, 200", "GET, /api/v1/alerts, none, 401",
			"POST, /api/v1/events, none, 401", "POST, /_bulk, none, 401", "GET, /actuator/prometheus, none, 401" })
	void eachRoleReachesItsEndpointsOnly(String method, String path, String key, int status) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (!key.equals("none")) {
			request.header("Authorization", "Bearer " + secret(key));
		}
		String body = switch (path) {
			case "/api/v1/events", "/api/v1/rules/_test" ->
				path.endsWith("_test") ? "{\"query\": \"process where true\", \"events\": [" + EVENT + "]}" : EVENT;
			case "/_bulk" -> "{\"create\":{}}\n" + EVENT + "\n";
			case "/api/v1/alerts/_status" -> "{\"ids\": [\"x\"], \"status\": \"closed\"}";
			case "/api/v1/rules/_validate" -> "{\"query\": \"process where true\"}";
			default -> null;
		};
		request.method(method,
				body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", path.equals("/_bulk") ? "application/x-ndjson" : "application/json");
		}
		assertThat(new Http(port).send(request.build()).status()).isEqualTo(status);
	}

	@Test
	void healthShowsItsDetailsToTheAdminRoleOnly() {
		Http http = new Http(port);
		Http.Response anonymous = http.get("/actuator/health");
		assertThat(anonymous.status()).isEqualTo(200);
		assertThat(anonymous.json().get("status").asString()).isEqualTo("UP");
		assertThat(anonymous.json().has("components")).as(anonymous.body()).isFalse();
		assertThat(http.get("/actuator/health", "Authorization", "Bearer " + ANALYST).json().has("components"))
			.isFalse();
		Http.Response admin = http.get("/actuator/health", "Authorization", "Bearer " + OPS);
		assertThat(admin.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
	}

	@Test
	void theThreeHeaderFormsAreAccepted() {
		Http http = new Http(port);
		String apiKey = Base64.getEncoder().encodeToString(("analyst:" + ANALYST).getBytes(StandardCharsets.UTF_8));
		assertThat(http.get("/api/v1/alerts", "Authorization", "ApiKey " + apiKey).status()).isEqualTo(200);
		assertThat(http.get("/api/v1/alerts", "Authorization", "Basic " + apiKey).status()).isEqualTo(200);
		assertThat(http.get("/api/v1/alerts", "Authorization", "Bearer " + ANALYST).status()).isEqualTo(200);
		assertThat(http.get("/api/v1/alerts", "Authorization", "bearer " + ANALYST).status()).isEqualTo(200);
	}

	@Test
	void wrongKeysAreProblemsOnTheApiAndSecurityExceptionsOnTheCompatibleEndpoints() {
		Http http = new Http(port);
		String wrongId = Base64.getEncoder().encodeToString(("shipper:" + ANALYST).getBytes(StandardCharsets.UTF_8));
		Http.Response mismatched = http.get("/api/v1/alerts", "Authorization", "ApiKey " + wrongId);
		assertThat(mismatched.status()).isEqualTo(401);
		assertThat(mismatched.contentType()).startsWith("application/problem+json");
		assertThat(mismatched.json().get("detail").asString()).isEqualTo("Unknown API key");
		assertThat(mismatched.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey, Bearer");

		Http.Response garbage = http.get("/api/v1/alerts", "Authorization", "ApiKey %%%");
		assertThat(garbage.status()).isEqualTo(401);
		assertThat(garbage.json().get("detail").asString()).contains("not valid base64");
		assertThat(http.get("/api/v1/alerts", "Authorization", "Digest x").json().get("detail").asString())
			.contains("Unsupported Authorization scheme");

		Http.Response missing = http.post("/_bulk", "application/x-ndjson", "{\"create\":{}}\n" + EVENT + "\n");
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.json().get("error").get("type").asString()).isEqualTo("security_exception");
		assertThat(missing.json().get("status").asInt()).isEqualTo(401);
		assertThat(missing.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying(challenge -> assertThat(challenge).contains("Basic", "ApiKey"));

		Http.Response forbidden = http.post("/_bulk", new byte[0], "Authorization", "Bearer " + ANALYST, "Content-Type",
				"application/x-ndjson");
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.json().get("error").get("root_cause").get(0).get("reason").asString())
			.contains("[analyst]");
		Http.Response forbiddenApi = http.get("/api/v1/alerts", "Authorization", "Bearer " + SHIPPER);
		assertThat(forbiddenApi.contentType()).startsWith("application/problem+json");
		assertThat(forbiddenApi.json().get("detail").asString()).contains("[shipper]");
	}

	@Test
	void theElasticsearchJavaClientShipsWithAnApiKey() throws Exception {
		String apiKey = Base64.getEncoder().encodeToString(("shipper:" + SHIPPER).getBytes(StandardCharsets.UTF_8));
		try (RestClient rest = RestClient.builder(new HttpHost("localhost", port))
			.setDefaultHeaders(new Header[] { new BasicHeader("Authorization", "ApiKey " + apiKey) })
			.build()) {
			ElasticsearchClient client = new ElasticsearchClient(
					new RestClientTransport(rest, new JacksonJsonpMapper()));
			assertThat(client.info().version().number()).isEqualTo("8.17.0");
			BulkOperation create = BulkOperation
				.of(operation -> operation.create(document -> document.index("logs-test")
					.id("es-client-key")
					.document(Map.of("@timestamp", "2024-05-14T08:00:00Z", "event",
							Map.of("category", List.of("process"))))));
			BulkResponse response = client.bulk(bulk -> bulk.operations(create));
			assertThat(response.errors()).isFalse();
		}
	}

	private static String secret(String key) {
		return switch (key) {
			case "shipper" -> SHIPPER;
			case "analyst" -> ANALYST;
			case "ops" -> OPS;
			default -> throw new IllegalArgumentException(key);
		};
	}

	private static String hash(String secret) throws Exception {
		return "sha256:" + HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
	}

}
