package io.vigil.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.vigil.support.Http;
import io.vigil.support.RunningService;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document and the server agree on every name: each operation of the
 * service's own API is called with every query parameter and every request body property
 * the document shows (values of the documented types), none is refused as unknown, and
 * what it answers uses only the names its documented response shows. The server refuses
 * unknown names (tested where each endpoint is), so a name documented but not bound would
 * show here.
 */
class OpenApiContractIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static RunningService service;

	@BeforeAll
	static void start() throws IOException {
		service = RunningService.start("openapi-contract");
	}

	@AfterAll
	static void stop() {
		service.close();
	}

	@Test
	void theServerTakesEveryNameTheDocumentShows() {
		Http http = service.http();
		JsonNode docs = http.get("/v3/api-docs").json();
		String base = "http://localhost:" + service.app().getEnvironment().getProperty("local.server.port");
		List<String> refused = new ArrayList<>();
		List<String> called = new ArrayList<>();
		List<String> undocumented = new ArrayList<>();
		List<String> compared = new ArrayList<>();
		for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
			if (!path.getKey().startsWith("/api/")) {
				continue;
			}
			for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
				String method = operation.getKey().toUpperCase();
				JsonNode spec = operation.getValue();
				StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
				String target = path.getKey();
				for (JsonNode parameter : spec.path("parameters")) {
					String name = parameter.get("name").asString();
					String value = scalar(sample(docs, parameter.path("schema"), 0));
					if (parameter.get("in").asString().equals("path")) {
						target = target.replace("{" + name + "}", "unknown");
					}
					else if (parameter.get("in").asString().equals("query")) {
						query.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
								+ URLEncoder.encode(value, StandardCharsets.UTF_8));
					}
				}
				JsonNode body = spec.path("requestBody").path("content").path("application/json").path("schema");
				HttpRequest.BodyPublisher publisher = body.isMissingNode() ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(sample(docs, body, 0)));
				Http.Response response = http.send(HttpRequest.newBuilder(URI.create(base + target + query))
					.header("Content-Type", "application/json")
					.method(method, publisher)
					.build());
				called.add(method + " " + path.getKey());
				if (response.status() == 400 && (response.body().contains("Unknown query parameter")
						|| response.body().contains("unknown property"))) {
					refused.add(method + " " + target + query + ": " + response.body());
				}
				JsonNode answered = documented(docs, spec.path("responses").path(String.valueOf(response.status())));
				if (answered != null && response.contentType().contains("json")) {
					compared.add(method + " " + path.getKey());
					JsonNode properties = answered.path("properties");
					response.json()
						.propertyNames()
						.stream()
						.filter(name -> !properties.has(name))
						.forEach(name -> undocumented
							.add(method + " " + path.getKey() + " " + response.status() + ": " + name));
				}
			}
		}
		assertThat(called).as("operations of the service's own API")
			.hasSizeGreaterThanOrEqualTo(10)
			.contains("GET /api/v1/alerts", "POST /api/v1/alerts/_status", "POST /api/v1/rules/_test");
		assertThat(refused).isEmpty();
		assertThat(compared).as("answers compared with their documented schema")
			.contains("GET /api/v1/rules", "GET /api/v1/alerts", "POST /api/v1/rules/_validate");
		assertThat(undocumented).as("names the server answered with that its documented response lacks").isEmpty();
	}

	/**
	 * The object schema a documented response has, references followed; null when it has
	 * none.
	 */
	private static @Nullable JsonNode documented(JsonNode docs, JsonNode response) {
		for (JsonNode content : response.path("content")) {
			JsonNode schema = content.path("schema");
			if (schema.has("$ref")) {
				String name = schema.get("$ref").asString().substring("#/components/schemas/".length());
				schema = docs.get("components").get("schemas").get(name);
			}
			if (schema.has("properties")) {
				return schema;
			}
		}
		return null;
	}

	/**
	 * A value of the schema's type, with every property of an object (references
	 * followed).
	 */
	private static JsonNode sample(JsonNode docs, JsonNode schema, int depth) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		if (schema.has("$ref")) {
			String name = schema.get("$ref").asString().substring("#/components/schemas/".length());
			return sample(docs, docs.get("components").get("schemas").get(name), depth);
		}
		if (schema.has("oneOf") || schema.has("anyOf")) {
			return sample(docs, schema.has("oneOf") ? schema.get("oneOf").get(0) : schema.get("anyOf").get(0), depth);
		}
		if (schema.has("enum")) {
			return schema.get("enum").get(0);
		}
		String type = schema.path("type").asString("object");
		return switch (type) {
			case "integer", "number" -> nodes.numberNode(schema.has("minimum") ? schema.get("minimum").asLong() : 1);
			case "boolean" -> nodes.booleanNode(true);
			case "string" ->
				nodes.stringNode(schema.path("format").asString("").equals("date-time") ? "2024-05-14T08:00:00Z" : "x");
			case "array" -> {
				ArrayNode array = nodes.arrayNode();
				array.add(sample(docs, schema.path("items"), depth + 1));
				yield array;
			}
			default -> {
				ObjectNode object = nodes.objectNode();
				if (depth < 4) {
					for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
						object.set(property.getKey(), sample(docs, property.getValue(), depth + 1));
					}
				}
				yield object;
			}
		};
	}

	private static String scalar(JsonNode value) {
		JsonNode first = value.isArray() && !value.isEmpty() ? value.get(0) : value;
		return first.isValueNode() ? first.asString() : "x";
	}

}
