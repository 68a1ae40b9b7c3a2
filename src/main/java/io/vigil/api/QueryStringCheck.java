package io.vigil.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a query string the container cannot decode ({@code %zz}, invalid UTF-8) with a
 * 400 in the caller's format, before anything reads a parameter: otherwise the first
 * reader fails deep in the framework and the container logs a stack trace per request, a
 * cheap way to flood the log. Logged at debug: it is the client's mistake, not the
 * service's.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryStringCheck extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(QueryStringCheck.class);

	private final JsonMapper json;

	QueryStringCheck(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getQueryString() != null && !isForm(request)) {
			try {
				request.getParameterMap();
			}
			catch (InvalidParameterException ex) {
				log.debug("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), ex.getMessage());
				ErrorResponses.write(json, response, ErrorResponses.path(request), HttpStatus.BAD_REQUEST,
						"illegal_argument_exception",
						"The query string cannot be decoded: every %-escape must be two hex digits of UTF-8");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * A form's parameters are its body, which is the ingest endpoints' to refuse unread.
	 */
	private static boolean isForm(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null
				&& (type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE) || type.startsWith("multipart/"));
	}

}
