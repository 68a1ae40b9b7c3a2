package io.vigil.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A poller's position in commit order: the last sequence number it has seen. Opaque to
 * clients (versioned base64url), so the encoding can change without breaking stored
 * cursors' meaning.
 */
public record Cursor(long seq) {

	private static final String VERSION = "v1:";

	static final Cursor START = new Cursor(0);

	/**
	 * The cursor a client sent: empty for the start, else a token from {@link #token()}.
	 */
	static Cursor parse(String token) {
		if (token.isBlank()) {
			return START;
		}
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
			if (decoded.startsWith(VERSION)) {
				long seq = Long.parseLong(decoded.substring(VERSION.length()));
				if (seq >= 0) {
					return new Cursor(seq);
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below: base64 and number errors mean the same to the client
		}
		throw new IllegalArgumentException(
				"Invalid cursor [%s]: pass an empty cursor or a next_cursor this API returned".formatted(token));
	}

	String token() {
		return Base64.getUrlEncoder().withoutPadding().encodeToString((VERSION + seq).getBytes(StandardCharsets.UTF_8));
	}

}
