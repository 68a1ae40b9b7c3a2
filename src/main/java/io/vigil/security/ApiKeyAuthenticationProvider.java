package io.vigil.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Checks a presented key against the configured ones. */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

	private final ApiKeys keys;

	ApiKeyAuthenticationProvider(ApiKeys keys) {
		this.keys = keys;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ApiKeyAuthentication presented = (ApiKeyAuthentication) authentication;
		return keys.find(presented.id(), String.valueOf(presented.getCredentials()))
			.map(key -> ApiKeyAuthentication.verified(key.id(), key.roles()))
			.orElseThrow(() -> new BadCredentialsException("Unknown API key"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApiKeyAuthentication.class.isAssignableFrom(authentication);
	}

}
