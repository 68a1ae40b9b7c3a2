package io.vigil.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The configured keys, checked in constant time.
 * <p>
 * Keys are random secrets of at least 128 bits, so a fast hash suffices: nothing can be
 * guessed from SHA-256 of such a secret, and ingest authenticates every batch, where a
 * slow password hash (bcrypt's ~50 ms) would cap the service's throughput.
 */
final class ApiKeys {

	private static final Pattern HASH = Pattern.compile("sha256:[0-9a-fA-F]{64}");

	private final List<StoredKey> keys;

	private ApiKeys(List<StoredKey> keys) {
		this.keys = keys;
	}

	/**
	 * Checks every key's form; a mistake in the configuration stops the start with its
	 * reason.
	 */
	static ApiKeys of(List<SecurityProperties.Key> configured) {
		Set<String> ids = new HashSet<>();
		List<StoredKey> keys = configured.stream().map(key -> {
			if (key.id() == null || key.id().isBlank() || key.id().contains(":")) {
				throw new IllegalArgumentException("security.api-keys: every key needs an id without ':'");
			}
			if (!ids.add(key.id())) {
				throw new IllegalArgumentException("security.api-keys: the id [%s] is used twice".formatted(key.id()));
			}
			if (key.hash() == null || !HASH.matcher(key.hash()).matches()) {
				throw new IllegalArgumentException(
						("security.api-keys: the key [%s] needs hash = sha256:<64 hex digits> "
								+ "(printf %%s \"$KEY\" | sha256sum)")
							.formatted(key.id()));
			}
			if (key.roles().isEmpty()) {
				throw new IllegalArgumentException(
						"security.api-keys: the key [%s] has no roles (ingest, read, triage, admin)"
							.formatted(key.id()));
			}
			return new StoredKey(key.id(), HexFormat.of().parseHex(key.hash().substring("sha256:".length())),
					key.roles());
		}).toList();
		return new ApiKeys(keys);
	}

	boolean isEmpty() {
		return keys.isEmpty();
	}

	/**
	 * The key with this secret (and id, when the client sent one). Every key's hash is
	 * compared, in constant time, whatever matches first: timing tells nothing about
	 * which key or how much.
	 */
	Optional<StoredKey> find(@Nullable String id, String secret) {
		byte[] presented = sha256(secret);
		StoredKey found = null;
		for (StoredKey key : keys) {
			boolean matches = MessageDigest.isEqual(presented, key.hash()) & (id == null || id.equals(key.id()));
			if (matches) {
				found = key;
			}
		}
		return Optional.ofNullable(found);
	}

	private static byte[] sha256(String secret) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	record StoredKey(String id, byte[] hash, Set<Role> roles) {
	}

}
