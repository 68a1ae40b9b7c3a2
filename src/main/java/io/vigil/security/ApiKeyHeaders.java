package io.vigil.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a key from the {@code Authorization} header, in the three forms clients send:
 * {@code ApiKey base64(id:key)} (Beats, Logstash, the Elasticsearch clients),
 * {@code Bearer key} and HTTP Basic with the id as user and the key as password (shippers
 * that only do Basic). No header: no authentication attempt, so the request goes on as
 * anonymous.
 */
final class ApiKeyHeaders implements AuthenticationConverter {

	@Override
	public @Nullable ApiKeyAuthentication convert(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || header.isBlank()) {
			return null;
		}
		int space = header.indexOf(' ');
		String scheme = space < 0 ? header : header.substring(0, space);
		String value = space < 0 ? "" : header.substring(space + 1).strip();
		if (value.isEmpty()) {
			throw new BadCredentialsException(
					"The Authorization header has no credentials after [%s]".formatted(scheme));
		}
		if (scheme.equalsIgnoreCase("Bearer")) {
			return ApiKeyAuthentication.presented(null, value);
		}
		if (scheme.equalsIgnoreCase("ApiKey") || scheme.equalsIgnoreCase("Basic")) {
			String decoded = decode(value, scheme);
			int colon = decoded.indexOf(':');
			if (colon <= 0) {
				throw new BadCredentialsException("%s credentials must be base64 of id:key".formatted(scheme));
			}
			return ApiKeyAuthentication.presented(decoded.substring(0, colon), decoded.substring(colon + 1));
		}
		throw new BadCredentialsException(
				"Unsupported Authorization scheme [%s]: use ApiKey, Bearer or Basic".formatted(scheme));
	}

	private static String decode(String value, String scheme) {
		try {
			return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new BadCredentialsException("%s credentials are not valid base64".formatted(scheme), ex);
		}
	}

}
