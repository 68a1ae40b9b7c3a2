package io.vigil.security;

import java.io.IOException;
import java.time.Duration;

import io.vigil.api.ErrorResponses;
import io.vigil.logging.ThrottledWarning;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * 401 and 403 in the format the caller speaks: RFC 9457 problem details on the service's
 * own API, Elasticsearch's error envelope ({@code security_exception}) on the compatible
 * endpoints, where shippers log the reason they find there.
 */
final class SecurityErrors implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler {

	private final JsonMapper json;

	private final boolean keysConfigured;

	private final FailureLog failures = new FailureLog(Duration.ofSeconds(10));

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
		failures.failed(request, reason);
		boolean own = ErrorResponses.isOwnApi(ErrorResponses.path(request));
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
		write(request, response, HttpStatus.FORBIDDEN, "The API key [%s] has no role that allows %s %s".formatted(key,
				request.getMethod(), request.getRequestURI()));
	}

	/** Refuses a request before it is authenticated, in the format the caller speaks. */
	void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String reason)
			throws IOException {
		write(request, response, status, reason);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String reason)
			throws IOException {
		ErrorResponses.write(json, response, ErrorResponses.path(request), status, "security_exception", reason);
	}

	/**
	 * Failed authentication, logged without the credentials: the client's address, the
	 * request and the reason. One line per interval at most, with the count of the
	 * failures it stands for, so that a client trying keys cannot flood the log.
	 */
	static final class FailureLog {

		private final ThrottledWarning warning;

		FailureLog(Duration interval) {
			this.warning = new ThrottledWarning(LoggerFactory.getLogger(FailureLog.class), interval);
		}

		void failed(HttpServletRequest request, String reason) {
			warning.warn("Authentication failed for {} {} from {}: {}", request.getMethod(), request.getRequestURI(),
					request.getRemoteAddr(), reason);
		}

	}

}
