package io.vigil.security;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A client's key: presented (id, when the scheme carries one, and secret) before it is
 * checked, then the key's id and roles.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private final @Nullable String id;

	private final @Nullable String secret;

	private ApiKeyAuthentication(@Nullable String id, @Nullable String secret,
			Collection<? extends GrantedAuthority> authorities, boolean authenticated) {
		super(authorities);
		this.id = id;
		this.secret = secret;
		setAuthenticated(authenticated);
	}

	static ApiKeyAuthentication presented(@Nullable String id, String secret) {
		return new ApiKeyAuthentication(id, secret, List.of(), false);
	}

	static ApiKeyAuthentication verified(String id, Set<Role> roles) {
		return new ApiKeyAuthentication(id, null, roles.stream().map(Role::authority).toList(), true);
	}

	@Nullable String id() {
		return id;
	}

	@Override
	public @Nullable Object getCredentials() {
		return secret;
	}

	@Override
	public @Nullable Object getPrincipal() {
		return id;
	}

	@Override
	public String getName() {
		return id == null ? "" : id;
	}

}
