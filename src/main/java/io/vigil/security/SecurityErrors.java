package io.vigil.security;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * 401 and 403 in the format the caller speaks: RFC 9457 problem details on the service's own
 * API, Elasticsearch's error envelope ({@code security_exception}) on the compatible endpoints,
 * where shippers log the reason they find there.
 */
final class SecurityErrors implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler {

	private static final List<String> OWN_PATHS = List.of("/api/", "/actuator", "/swagger-ui", "/v3/api-docs");

	private final JsonMapper json;

	private final boolean keysConfigured;

	SecurityErrors(JsonMapper json, boolean keysConfigured) {
		this.json = json;
		this.keysConfigured = keysConfigured;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		String reason;
		if (!keysConfigured) {
			reason = "No API keys are configured, so only clients on this machine are served; "
					+ "configure security.api-keys to serve others";
		}
		else if (ex instanceof InsufficientAuthenticationException) {
			reason = "Missing credentials: send Authorization: ApiKey base64(id:key), Bearer <key> or Basic id:key";
		}
		else {
			reason = ex.getMessage();
		}
		boolean own = isOwnApi(request);
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
				own ? "ApiKey, Bearer" : "Basic realm=\"vigil\" charset=\"UTF-8\", ApiKey, Bearer");
		write(request, response, HttpStatus.UNAUTHORIZED, reason);
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException ex) throws IOException {
		commence(request, response, ex);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		String key = SecurityContextHolder.getContext().getAuthentication() == null ? "?"
				: SecurityContextHolder.getContext().getAuthentication().getName();
		write(request, response, HttpStatus.FORBIDDEN, "The API key [%s] has no role that allows %s %s"
			.formatted(key, request.getMethod(), request.getRequestURI()));
	}

	/** Refuses a request before it is authenticated, in the format the caller speaks. */
	void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String reason)
			throws IOException {
		write(request, response, status, reason);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String reason)
			throws IOException {
		response.setStatus(status.value());
		if (isOwnApi(request)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, reason);
			problem.setInstance(URI.create(request.getRequestURI()));
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			json.writeValue(response.getOutputStream(), problem);
		}
		else {
			Map<String, Object> cause = Map.of("type", "security_exception", "reason", reason);
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			json.writeValue(response.getOutputStream(), Map.of("error",
					Map.of("root_cause", List.of(cause), "type", "security_exception", "reason", reason), "status",
					status.value()));
		}
	}

	private static boolean isOwnApi(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return OWN_PATHS.stream().anyMatch(path::startsWith);
	}

}
