package io.vigil.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

import io.vigil.eql.eval.FieldValues;
import org.jspecify.annotations.Nullable;

/**
 * An event as the engine sees it: its identity, the values rules read, and what orders
 * it.
 *
 * @param id the event's identity ({@code event.id}, the bulk {@code _id}, or a content
 * hash)
 * @param timestamp epoch milliseconds of the ordering field ({@code @timestamp})
 * @param ingested epoch milliseconds of {@code event.ingested}, the receipt time when
 * absent
 * @param arrival order of receipt; breaks ties the way Elasticsearch's shard order would
 * @param index the index the event was sent to, if any; scopes which rules see it
 * @param source the event's JSON as received (UTF-8), kept for alerts
 */
public record EngineEvent(String id, long timestamp, long ingested, long arrival, FieldValues values,
		@Nullable String index, byte[] source) {

	/**
	 * This event as state retains it: without the values rules read (stage matches and
	 * keys are computed before it is retained), except the tiebreaker that orders it.
	 * Most of an event's memory is its values.
	 */
	EngineEvent retained(int tiebreakerSlot) {
		return new EngineEvent(id, timestamp, ingested, arrival,
				tiebreakerSlot < 0 ? NO_VALUES : new Tiebreaker(tiebreakerSlot, values.values(tiebreakerSlot)), index,
				source);
	}

	private static final Object[] NONE = new Object[0];

	private static final FieldValues NO_VALUES = new Tiebreaker(-1, NONE);

	/**
	 * This event under an identity of its own, for an event that claims the identity of
	 * another with other content or in another index: derived from its index and bytes,
	 * so that the same event sent again gets the same one.
	 */
	EngineEvent distinct() {
		byte[] scope = (index == null ? "" : index).getBytes(StandardCharsets.UTF_8);
		byte[] content = new byte[scope.length + 1 + source.length];
		System.arraycopy(scope, 0, content, 0, scope.length);
		System.arraycopy(source, 0, content, scope.length + 1, source.length);
		return new EngineEvent(id + "#" + Sha256.hex(content).substring(0, 16), timestamp, ingested, arrival, values,
				index, source);
	}

	/**
	 * Whether the other event is this one sent again: the same identity, index and bytes.
	 */
	boolean sameAs(EngineEvent other) {
		return id.equals(other.id) && Objects.equals(index, other.index) && Arrays.equals(source, other.source);
	}

	/** The values of a retained event: its tiebreaker's only. */
	private record Tiebreaker(int slot, Object[] values) implements FieldValues {

		@Override
		public Object[] values(int requested) {
			return requested == slot ? values : NONE;
		}

	}

	/**
	 * Ordering by timestamp, then tiebreaker value (events without one last), then
	 * arrival.
	 */
	static Comparator<EngineEvent> ordinal(int tiebreakerSlot) {
		Comparator<EngineEvent> byTime = Comparator.comparingLong(EngineEvent::timestamp);
		if (tiebreakerSlot >= 0) {
			byTime = byTime.thenComparing(event -> tiebreaker(event, tiebreakerSlot),
					Comparator.nullsLast(EngineEvent::compareValues));
		}
		return byTime.thenComparingLong(EngineEvent::arrival);
	}

	private static @Nullable Object tiebreaker(EngineEvent event, int slot) {
		Object[] values = event.values().values(slot);
		return values.length == 0 ? null : values[0];
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static int compareValues(Object a, Object b) {
		if (a instanceof Number x && b instanceof Number y) {
			return Double.compare(x.doubleValue(), y.doubleValue());
		}
		if (a.getClass() == b.getClass() && a instanceof Comparable comparable) {
			return comparable.compareTo(b);
		}
		return a.toString().compareTo(b.toString());
	}

}
