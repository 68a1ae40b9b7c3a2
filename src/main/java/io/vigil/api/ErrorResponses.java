package io.vigil.api;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Errors written outside a controller (by security filters, or for the container's error
 * page) in the format the caller speaks: RFC 9457 problem details on the service's own
 * paths, Elasticsearch's error envelope on the compatible endpoints, where shippers log
 * the reason they find there.
 */
public final class ErrorResponses {

	private static final List<String> OWN_PATHS = List.of("/api/", "/actuator", "/swagger-ui", "/v3/api-docs",
			"/error");

	private ErrorResponses() {
	}

	/**
	 * Whether the path is the service's own API rather than the Elasticsearch-compatible
	 * surface.
	 */
	public static boolean isOwnApi(String path) {
		return OWN_PATHS.stream().anyMatch(path::startsWith);
	}

	/**
	 * Writes the error.
	 * @param path the path the caller asked for, which decides the format
	 * @param elasticsearchType the error type of Elasticsearch's envelope
	 * ({@code security_exception})
	 */
	public static void write(JsonMapper json, HttpServletResponse response, String path, HttpStatus status,
			String elasticsearchType, String reason) throws IOException {
		response.setStatus(status.value());
		if (isOwnApi(path)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, reason);
			problem.setInstance(URI.create(path));
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			json.writeValue(response.getOutputStream(), problem);
		}
		else {
			Map<String, Object> cause = Map.of("type", elasticsearchType, "reason", reason);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			json.writeValue(response.getOutputStream(),
					Map.of("error", Map.of("root_cause", List.of(cause), "type", elasticsearchType, "reason", reason),
							"status", status.value()));
		}
	}

	/** The request's path without the context path. */
	public static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
