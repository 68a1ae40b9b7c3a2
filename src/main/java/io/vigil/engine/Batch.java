package io.vigil.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Events evaluated together, in ordinal order without tiebreaker (timestamp, then arrival), with
 * the one reading of the wall clock that every lateness decision of the batch is measured at.
 * Lateness itself is a matter of each join key's own clock ({@link KeyClock}), so that a batch
 * spanning more than the horizon is not late against itself, nor one host against another.
 */
final class Batch {

	private static final Comparator<EngineEvent> BY_TIME = Comparator.comparingLong(EngineEvent::timestamp)
		.thenComparingLong(EngineEvent::arrival);

	private final EngineEvent[] events;

	private final long wallMillis;

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

}
