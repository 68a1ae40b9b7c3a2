package io.vigil.security;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The API keys the service accepts. With none, only loopback clients are served.
 *
 * @param apiKeys each with an id, the SHA-256 of its secret and its roles
 */
@ConfigurationProperties("security")
public record SecurityProperties(List<Key> apiKeys) {

	public SecurityProperties {
		apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
	}

	/**
	 * One configured key.
	 *
	 * @param id names the key: the {@code id} of {@code ApiKey base64(id:key)}, the user
	 * of Basic, and who changed an alert's status
	 * @param hash {@code sha256:} and the hex SHA-256 of the secret; the secret itself is
	 * never configured
	 */
	public record Key(String id, String hash, Set<Role> roles) {

		public Key {
			roles = roles == null ? Set.of() : Set.copyOf(roles);
		}

	}

}
