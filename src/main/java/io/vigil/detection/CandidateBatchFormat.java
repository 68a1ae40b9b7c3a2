package io.vigil.detection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

import org.jspecify.annotations.Nullable;

/**
 * The stored form of a batch's retained events: one deflated blob per batch instead of a
 * row per event, since a database row per event costs more than evaluating the event (a
 * catalogue that retains most events wrote a row per event received). A leading version
 * byte lets a later form be told apart; this is version 1: per event its arrival number,
 * ingest time, identity, index (or none), the ids of the rules that keep it and its bytes
 * as received.
 */
public final class CandidateBatchFormat {

	private static final int VERSION = 1;

	private CandidateBatchFormat() {
	}

	/** A retained event as stored: the rules that keep it, and its bytes as received. */
	public record StoredEvent(long arrival, long ingestedAt, String eventId, @Nullable String index,
			List<String> ruleIds, byte[] source) {

		public StoredEvent {
			ruleIds = List.copyOf(ruleIds);
		}

	}

	public static byte[] encode(List<StoredEvent> events) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.write(VERSION);
		// the fastest level: the bytes are JSON with much repetition, and this runs on
		// every batch
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 64 * 1024))) {
			out.writeInt(events.size());
			for (StoredEvent event : events) {
				out.writeLong(event.arrival());
				out.writeLong(event.ingestedAt());
				out.writeUTF(event.eventId());
				out.writeBoolean(event.index() != null);
				if (event.index() != null) {
					out.writeUTF(event.index());
				}
				out.writeInt(event.ruleIds().size());
				for (String ruleId : event.ruleIds()) {
					out.writeUTF(ruleId);
				}
				out.writeInt(event.source().length);
				out.write(event.source());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			deflater.end();
		}
		return bytes.toByteArray();
	}

	/**
	 * @throws IllegalArgumentException when the bytes are not a stored batch of a known
	 * version
	 */
	public static List<StoredEvent> decode(byte[] stored) {
		if (stored.length == 0 || stored[0] != VERSION) {
			throw new IllegalArgumentException("not a stored batch of version " + VERSION);
		}
		try (DataInputStream in = new DataInputStream(
				new InflaterInputStream(new ByteArrayInputStream(stored, 1, stored.length - 1)))) {
			int count = in.readInt();
			List<StoredEvent> events = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				long arrival = in.readLong();
				long ingestedAt = in.readLong();
				String eventId = in.readUTF();
				String index = in.readBoolean() ? in.readUTF() : null;
				int rules = in.readInt();
				List<String> ruleIds = new ArrayList<>(rules);
				for (int r = 0; r < rules; r++) {
					ruleIds.add(in.readUTF());
				}
				events.add(new StoredEvent(arrival, ingestedAt, eventId, index, ruleIds, in.readNBytes(in.readInt())));
			}
			return events;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("a stored batch cannot be read: " + ex.getMessage(), ex);
		}
	}

}
