package io.vigil.engine;

import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events evaluated together, each marked late or not on both clocks as it was measured against
 * the watermarks in ordinal order (so a batch that spans more than the horizon is not late
 * against itself).
 */
final class Batch {

	private final List<EngineEvent> events;

	private final Map<EngineEvent, Boolean> lateOnEventTime = new IdentityHashMap<>();

	private final Map<EngineEvent, Boolean> lateOnIngestTime = new IdentityHashMap<>();

	Batch(List<EngineEvent> events, Watermarks watermarks) {
		this.events = List.copyOf(events);
		List<EngineEvent> byTime = events.stream()
			.sorted(Comparator.comparingLong(EngineEvent::timestamp).thenComparingLong(EngineEvent::arrival))
			.toList();
		for (EngineEvent event : byTime) {
			lateOnEventTime.put(event, event.timestamp() < watermarks.eventTime().current());
			watermarks.eventTime().observe(event.timestamp());
			lateOnIngestTime.put(event, event.ingested() < watermarks.ingestTime().current());
			watermarks.ingestTime().observe(event.ingested());
		}
	}

	List<EngineEvent> events() {
		return events;
	}

	boolean late(EngineEvent event, boolean ingestClock) {
		return (ingestClock ? lateOnIngestTime : lateOnEventTime).getOrDefault(event, false);
	}

}
