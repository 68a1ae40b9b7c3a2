package io.vigil.engine;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as lowercase hex, for identities nobody must be able to forge: of events
 * without one, and of detections. A digest per thread: looking one up costs more than
 * hashing a small event.
 */
final class Sha256 {

	private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	});

	private Sha256() {
	}

	static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(DIGEST.get().digest(bytes));
	}

}
