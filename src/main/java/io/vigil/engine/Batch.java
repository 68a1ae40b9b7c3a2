package io.vigil.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Events evaluated together, in ordinal order without tiebreaker (timestamp, then arrival), each
 * marked late or not on both clocks as measured against the watermarks in that order (so a batch
 * spanning more than the horizon is not late against itself).
 */
final class Batch {

	private static final Comparator<EngineEvent> BY_TIME = Comparator.comparingLong(EngineEvent::timestamp)
		.thenComparingLong(EngineEvent::arrival);

	private final EngineEvent[] events;

	private final boolean[] lateOnEventTime;

	private final boolean[] lateOnIngestTime;

	Batch(List<EngineEvent> unordered, Watermarks watermarks) {
		this.events = unordered.toArray(EngineEvent[]::new);
		Arrays.sort(events, BY_TIME);
		this.lateOnEventTime = new boolean[events.length];
		this.lateOnIngestTime = new boolean[events.length];
		long[] timestamps = new long[events.length];
		long[] ingested = new long[events.length];
		for (int i = 0; i < events.length; i++) {
			timestamps[i] = events[i].timestamp();
			ingested[i] = events[i].ingested();
		}
		watermarks.eventTime().lateness(timestamps, lateOnEventTime);
		watermarks.ingestTime().lateness(ingested, lateOnIngestTime);
	}

	int size() {
		return events.length;
	}

	EngineEvent event(int position) {
		return events[position];
	}

	boolean late(int position, boolean ingestClock) {
		return ingestClock ? lateOnIngestTime[position] : lateOnEventTime[position];
	}

}
