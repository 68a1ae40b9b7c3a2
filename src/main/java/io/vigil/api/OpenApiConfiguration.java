package io.vigil.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * The OpenAPI description: the service, its tags in reading order, the problem-details
 * schema every error of the API uses, and examples taken from a real alert of the seed
 * rule.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM = "Problem";

	static {
		// a request's events (and a test's results) are any JSON object, not JsonNode's
		// accessors
		SpringDocUtils.getConfig()
			.replaceWithSchema(JsonNode.class, new ObjectSchema().description("A JSON object: an event"));
	}

	/**
	 * Schemas named as the server reads and writes them (snake_case,
	 * {@code spring.jackson.*}): swagger-core builds them with its own Jackson 2 mapper,
	 * which knows nothing of the application's Jackson 3 naming strategy, so every
	 * property showed its Java name, a name the server refuses. Names given with
	 * {@code @JsonProperty} are kept.
	 */
	@Bean
	ModelResolver snakeCaseModelResolver() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	@Bean
	OpenAPI vigilOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Vigil")
				.description("Evaluates Elastic EQL detection rules on ECS events from log shippers and serves the "
						+ "alerts to analysts and SOAR tools. Errors of this API are RFC 9457 problem details; the "
						+ "Elasticsearch-compatible endpoints answer as Elasticsearch does. Every call but health "
						+ "and these pages needs an API key with the right role (ingest, read, triage, admin): "
						+ "use Authorize.")
				.version("v1")
				.license(new License().name("Apache-2.0")))
			.components(new Components()
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("bearer")
							.description("The API key's secret"))
				.addSecuritySchemes("apiKey",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("Authorization")
							.description("`ApiKey ` and base64 of `id:key`, as the Elasticsearch clients send it"))
				.addSecuritySchemes("basic",
						new SecurityScheme().type(SecurityScheme.Type.HTTP)
							.scheme("basic")
							.description("The key's id as user, its secret as password")))
			.security(List.of(new SecurityRequirement().addList("bearer"), new SecurityRequirement().addList("apiKey"),
					new SecurityRequirement().addList("basic")))
			.tags(List.of(new Tag().name("ingest").description("Batches of ECS events from log shippers"), new Tag()
				.name("Elasticsearch-compatible")
				.description("The part of the Elasticsearch API that Beats, Logstash, Fluent Bit, Vector, rsyslog "
						+ "and the Elasticsearch clients call: _bulk and the start-up checks"),
					new Tag().name("rules").description("The rule catalogue, validation and dry runs"),
					new Tag().name("alerts")
						.description("Alerts for analysts and SOAR tools: browse, poll in commit order, triage"),
					new Tag().name("ATT&CK").description("MITRE ATT&CK coverage of the rules and their alerts")));
	}

	@Bean
	OpenApiCustomizer problemsAndExamples(JsonMapper json) {
		return openApi -> {
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			openApi.getComponents()
				.addExamples("seed-alert", example(json, "openapi/seed-alert.json", "An alert of the seed rule"));
			openApi.getComponents()
				.addExamples("seed-alert-page", example(json, "openapi/seed-alert-page.json",
						"A poll with a cursor that found the seed alert"));
			openApi.getPaths().forEach((path, item) -> {
				if (path.startsWith("/api/")) {
					item.readOperations().forEach(OpenApiConfiguration::documentBadRequest);
				}
			});
		};
	}

	/** Every operation that takes input can answer 400 with a problem. */
	private static void documentBadRequest(Operation operation) {
		boolean takesInput = operation.getRequestBody() != null
				|| (operation.getParameters() != null && !operation.getParameters().isEmpty());
		if (takesInput && !operation.getResponses().containsKey("400")) {
			operation.getResponses()
				.addApiResponse("400",
						new ApiResponse().description("Invalid input: an RFC 9457 problem")
							.content(new Content().addMediaType("application/problem+json",
									new MediaType().schema(new Schema<>().$ref(OpenApiExamples.PROBLEM)))));
		}
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().example("about:blank"))
			.addProperty("title", new StringSchema().example("Bad Request"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().example("/api/v1/alerts"))
			.addProperty("errors",
					new ArraySchema().description("Validation problems, one per invalid input")
						.items(new ObjectSchema().addProperty("field", new StringSchema().example("limit"))
							.addProperty("message", new StringSchema().example("must be less than or equal to 1000"))));
	}

	private static Example example(JsonMapper json, String resource, String summary) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return new Example().summary(summary).value(json.readValue(in, Map.class));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("OpenAPI example " + resource + " is part of the application", ex);
		}
	}

}
