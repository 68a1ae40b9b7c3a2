package io.vigil.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

import io.vigil.eql.eval.EventExtractor;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.eval.FieldValues;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads events for the engine, once each: the values the rules read, typed, and the
 * identity and times that order the event. Built from the slots of the rule catalogue
 * once every rule is compiled; thread-safe.
 */
public final class EventReader {

	private final EventExtractor extractor;

	private final int timestampSlot;

	private final int idSlot;

	private final int ingestedSlot;

	/**
	 * @param slots the slots the rules were compiled into; the fields every event is read
	 * for are added
	 */
	public EventReader(FieldSlots slots) {
		this.timestampSlot = slots.slotOf("@timestamp");
		this.idSlot = slots.slotOf("event.id");
		this.ingestedSlot = slots.slotOf("event.ingested");
		this.extractor = new EventExtractor(slots);
	}

	/** Extracts the values the rules read, in one streaming pass over an event's JSON. */
	public EventExtractor extractor() {
		return extractor;
	}

	/**
	 * Reads one event given as a tree (a stored or forwarded event, a rule test's).
	 * @param source the event's JSON text as received
	 */
	public Reading read(JsonNode json, String source, @Nullable String fallbackId, @Nullable String index,
			Instant receivedAt) {
		if (!json.isObject()) {
			return Reading.rejected(
					"an event must be a JSON object, found " + json.getNodeType().name().toLowerCase(Locale.ROOT));
		}
		return read(extractor.extract(json), source.getBytes(StandardCharsets.UTF_8), fallbackId, index, receivedAt);
	}

	/**
	 * Checks one event whose values were extracted already (by {@link #extractor()}).
	 * @param source the event's JSON as received (UTF-8); hashed for the identity when
	 * there is no other
	 * @param fallbackId the identity to use when the event has no {@code event.id} (a
	 * bulk {@code _id}); null for none
	 * @param index the index it was sent to, if any
	 * @param receivedAt the receipt time; stands in for {@code event.ingested} when the
	 * event has none
	 * @return the event, or the reasons it cannot be evaluated
	 */
	public Reading read(EventExtractor.Extraction extraction, byte[] source, @Nullable String fallbackId,
			@Nullable String index, Instant receivedAt) {
		if (!extraction.problems().isEmpty()) {
			return Reading.rejected(String.join("; ", extraction.problems()));
		}
		FieldValues values = extraction.values();
		Object[] timestamps = values.values(timestampSlot);
		if (timestamps.length == 0) {
			return Reading.rejected("the event has no [@timestamp]");
		}
		Object[] ids = values.values(idSlot);
		String id = ids.length > 0 ? (String) ids[0] : fallbackId != null ? fallbackId : Sha256.hex(source);
		Object[] ingested = values.values(ingestedSlot);
		// Fleet's final pipeline stamps event.ingested with the receipt time, in whole
		// seconds.
		long ingestedAt = ingested.length > 0 ? (Long) ingested[0] : receivedAt.getEpochSecond() * 1000;
		return new Reading(new IncomingEvent(id, (Long) timestamps[0], ingestedAt, values, index, source), null);
	}

	/**
	 * An event read for evaluation, or why it cannot be evaluated. Without
	 * {@code event.id} or a bulk {@code _id}, an event's identity is the SHA-256 of its
	 * bytes: a shipper that sends a batch again sends the same bytes, and nobody can
	 * craft an event that passes for another.
	 *
	 * @param event the event when it could be read
	 * @param reason why not, otherwise
	 */
	public record Reading(@Nullable IncomingEvent event, @Nullable String reason) {

		public static Reading rejected(String reason) {
			return new Reading(null, reason);
		}

	}

}
