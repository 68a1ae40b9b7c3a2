package io.vigil.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Reads a request body whole, decoding {@code Content-Encoding: gzip} or {@code deflate},
 * within the configured sizes: a body larger than allowed (as sent, or once decoded,
 * which stops zip bombs) is refused before it is read to the end.
 */
@Component
class RequestBodyReader {

	/**
	 * Eight bytes at a time for the ASCII scan; no byte of ASCII has its high bit set.
	 */
	private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

	private final IngestProperties properties;

	RequestBodyReader(IngestProperties properties) {
		this.properties = properties;
	}

	/**
	 * Reads a body whole.
	 * @param held told the bytes held so far as they arrive; may refuse the request by
	 * throwing
	 */
	byte[] read(HttpServletRequest request, LongConsumer held) throws IOException {
		long maxRequest = properties.maxRequestSize().toBytes();
		if (request.getContentLengthLong() > maxRequest) {
			throw IngestException.tooLarge("ingest.max-request-size", maxRequest);
		}
		long deadline = System.nanoTime() + properties.bodyReadTimeout().toNanos();
		InputStream raw = limited(request.getInputStream(), maxRequest, "ingest.max-request-size");
		String encoding = request.getHeader("Content-Encoding");
		InputStream decoded = decoder(raw, encoding);
		InputStream limited = decoded == raw ? raw
				: limited(decoded, properties.maxDecompressedSize().toBytes(), "ingest.max-decompressed-size");
		try (InputStream body = held(limited, held, deadline, properties.bodyReadTimeout())) {
			return requireUtf8(body.readAllBytes());
		}
		catch (java.util.zip.ZipException | java.io.EOFException ex) {
			throw IngestException.malformed("the %s body cannot be decoded: %s".formatted(encoding,
					ex.getMessage() == null ? "it ends too early" : ex.getMessage()));
		}
		catch (java.net.SocketTimeoutException ex) {
			// no byte for server.tomcat.connection-timeout
			throw IngestException.timedOut(properties.bodyReadTimeout());
		}
	}

	/**
	 * JSON is UTF-8 (RFC 8259). Jackson lets some invalid sequences through (in a
	 * property name it has met before, for one), and a stored event must always read
	 * back, so the whole body is checked: an ASCII scan, then a strict decoder from the
	 * first byte above 0x7F.
	 */
	static byte[] requireUtf8(byte[] body) {
		int ascii = 0;
		// four words per step: one test of their high bits together
		while (ascii + 4 * Long.BYTES <= body.length
				&& (((long) WORDS.get(body, ascii) | (long) WORDS.get(body, ascii + 8)
						| (long) WORDS.get(body, ascii + 16) | (long) WORDS.get(body, ascii + 24)) & HIGH_BITS) == 0) {
			ascii += 4 * Long.BYTES;
		}
		while (ascii + Long.BYTES <= body.length && ((long) WORDS.get(body, ascii) & HIGH_BITS) == 0) {
			ascii += Long.BYTES;
		}
		while (ascii < body.length && body[ascii] >= 0) {
			ascii++;
		}
		if (ascii == body.length) {
			return body;
		}
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(body, ascii, body.length - ascii);
		CharBuffer out = CharBuffer.allocate(8192);
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				throw IngestException.malformed(
						"the body is not valid UTF-8: invalid byte sequence at offset %d".formatted(in.position()));
			}
			if (result.isUnderflow()) {
				return body;
			}
			out.clear();
		}
	}

	private static InputStream decoder(InputStream raw, @Nullable String encoding) throws IOException {
		if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
			return raw;
		}
		try {
			return switch (encoding.trim().toLowerCase(Locale.ROOT)) {
				case "gzip", "x-gzip" -> new GZIPInputStream(raw);
				case "deflate" -> new InflaterInputStream(raw);
				default -> throw IngestException.unsupported(
						"Content-Encoding [%s] is not supported; send gzip, deflate or none".formatted(encoding));
			};
		}
		catch (java.util.zip.ZipException | java.io.EOFException ex) {
			throw IngestException.malformed("the %s body cannot be decoded: %s".formatted(encoding,
					ex.getMessage() == null ? "it ends too early" : ex.getMessage()));
		}
	}

	/** Fails as soon as more than {@code limit} bytes are read. */
	private static InputStream limited(InputStream in, long limit, String property) {
		return new CountingInputStream(in, count -> {
			if (count > limit) {
				throw IngestException.tooLarge(property, limit);
			}
		});
	}

	/**
	 * Tells {@code held} the bytes held so far as they arrive, and refuses a body still
	 * arriving after its deadline: a client that sends a byte now and then cannot keep a
	 * thread and its bytes forever.
	 */
	private static InputStream held(InputStream in, LongConsumer held, long deadline, Duration timeout) {
		return new CountingInputStream(in, count -> {
			if (System.nanoTime() - deadline > 0) {
				throw IngestException.timedOut(timeout);
			}
			held.accept(count);
		});
	}

	/** Tells {@code counted} the bytes read so far after every read that returns some. */
	private static final class CountingInputStream extends FilterInputStream {

		private final LongConsumer counted;

		private long count;

		CountingInputStream(InputStream in, LongConsumer counted) {
			super(in);
			this.counted = counted;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				counted.accept(++count);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				count += n;
				counted.accept(count);
			}
			return n;
		}

	}

}
