package io.vigil.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Events evaluated together, in ordinal order without tiebreaker (timestamp, then
 * arrival), with the one reading of the wall clock that every lateness decision of the
 * batch is measured at. Lateness itself is a matter of each join key's own clock
 * ({@link KeyClock}), so that a batch spanning more than the horizon is not late against
 * itself, nor one host against another.
 */
final class Batch {

	private static final Comparator<EngineEvent> BY_TIME = Comparator.comparingLong(EngineEvent::timestamp)
		.thenComparingLong(EngineEvent::arrival);

	private final EngineEvent[] events;

	private final long wallMillis;

	/**
	 * The events as rules without a tiebreaker retain them, made once for all such rules.
	 */
	private EngineEvent @Nullable [] retained;

	Batch(List<EngineEvent> unordered, long wallMillis) {
		this.events = unordered.toArray(EngineEvent[]::new);
		Arrays.sort(events, BY_TIME);
		this.wallMillis = wallMillis;
	}

	int size() {
		return events.length;
	}

	EngineEvent event(int position) {
		return events[position];
	}

	long wallMillis() {
		return wallMillis;
	}

	/**
	 * The event at {@code position} as a rule retains it ({@link EngineEvent#retained}):
	 * one object for every rule without a tiebreaker, since a catalogue's rules retain
	 * the same event many times. Not thread-safe: a batch is evaluated by one thread.
	 */
	EngineEvent retained(int position, int tiebreakerSlot) {
		if (tiebreakerSlot >= 0) {
			return events[position].retained(tiebreakerSlot);
		}
		if (retained == null) {
			retained = new EngineEvent[events.length];
		}
		EngineEvent kept = retained[position];
		if (kept == null) {
			kept = events[position].retained(-1);
			retained[position] = kept;
		}
		return kept;
	}

}
