package io.vigil.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * How a candidate travels and is kept. On the candidates topic the value is the event
 * exactly as received (any consumer can read it as ECS JSON); what the ingest tier
 * established about it travels in headers. In a correlation task's store, a candidate is
 * kept with the position that orders it.
 */
final class CandidateRecords {

	/**
	 * The event's identity: {@code event.id}, the bulk {@code _id} or the content hash.
	 */
	static final String EVENT_ID = "vigil.event.id";

	/** Epoch milliseconds of the event's {@code @timestamp}. */
	static final String TIMESTAMP = "vigil.event.timestamp";

	/** Epoch milliseconds the event was ingested at. */
	static final String INGESTED = "vigil.event.ingested";

	/** The index the event was sent to; absent when none. */
	static final String INDEX = "vigil.event.index";

	private CandidateRecords() {
	}

	static void write(Headers headers, String eventId, long timestamp, long ingested, @Nullable String index) {
		headers.add(EVENT_ID, eventId.getBytes(StandardCharsets.UTF_8));
		headers.add(TIMESTAMP, Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
		headers.add(INGESTED, Long.toString(ingested).getBytes(StandardCharsets.US_ASCII));
		if (index != null) {
			headers.add(INDEX, index.getBytes(StandardCharsets.UTF_8));
		}
	}

	/**
	 * The candidate as forwarded, read from a record; the arrival is the record's offset.
	 */
	static Stored read(Headers headers, byte[] source, long arrival) {
		String eventId = text(headers, EVENT_ID);
		String timestamp = text(headers, TIMESTAMP);
		String ingested = text(headers, INGESTED);
		if (eventId == null || timestamp == null || ingested == null) {
			throw new IllegalArgumentException("A candidate record lacks one of the headers [" + EVENT_ID + "], ["
					+ TIMESTAMP + "], [" + INGESTED + "]");
		}
		return new Stored(eventId, Long.parseLong(timestamp), Long.parseLong(ingested), arrival, text(headers, INDEX),
				source);
	}

	private static @Nullable String text(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
	}

	/**
	 * A candidate as a correlation task keeps it.
	 *
	 * @param arrival its offset in the candidates partition: the order of receipt that
	 * breaks ties
	 */
	record Stored(String eventId, long timestamp, long ingested, long arrival, @Nullable String index, byte[] source) {

		/**
		 * Whether the other is this event sent again: the same identity, index and bytes.
		 */
		boolean sameEventAs(Stored other) {
			return eventId.equals(other.eventId) && Objects.equals(index, other.index)
					&& Arrays.equals(source, other.source);
		}

		/** This candidate under another identity: the one the engine told it apart by. */
		Stored withEventId(String id) {
			return new Stored(id, timestamp, ingested, arrival, index, source);
		}

		byte[] toBytes() {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(source.length + 64);
			try (DataOutputStream out = new DataOutputStream(bytes)) {
				out.writeLong(arrival);
				out.writeLong(timestamp);
				out.writeLong(ingested);
				writeText(out, eventId);
				out.writeBoolean(index != null);
				if (index != null) {
					writeText(out, index);
				}
				out.write(source);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return bytes.toByteArray();
		}

		static Stored fromBytes(byte[] bytes) {
			try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
				long arrival = in.readLong();
				long timestamp = in.readLong();
				long ingested = in.readLong();
				String eventId = readText(in);
				String index = in.readBoolean() ? readText(in) : null;
				return new Stored(eventId, timestamp, ingested, arrival, index, in.readAllBytes());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static void writeText(DataOutputStream out, String text) throws IOException {
			byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
			out.writeInt(utf8.length);
			out.write(utf8);
		}

		private static String readText(DataInputStream in) throws IOException {
			return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
		}

	}

}
