package io.vigil.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * How many join keys, of every rule, hold each retained event, known by its arrival number (one per
 * event received). An event is retained once per rule and key that keeps it but stored once, so its
 * stored copy may go only with the last key that lets it go. Also which event holds each identity,
 * so that another event claiming it is told apart. Thread-safe.
 */
final class Holdings {

	private final Map<Long, Integer> keysByArrival = new ConcurrentHashMap<>();

	private final Map<String, EngineEvent> byId = new ConcurrentHashMap<>();

	void hold(EngineEvent event) {
		keysByArrival.merge(event.arrival(), 1, Integer::sum);
		byId.putIfAbsent(event.id(), event);
	}

	/** The held event with this identity, if any. */
	@Nullable EngineEvent withId(String id) {
		return byId.get(id);
	}

	/** One key lets the event go; true when it was the last to hold it. */
	boolean release(EngineEvent event) {
		boolean[] last = new boolean[1];
		keysByArrival.computeIfPresent(event.arrival(), (arrival, count) -> {
			last[0] = count == 1;
			return count == 1 ? null : count - 1;
		});
		if (last[0]) {
			byId.computeIfPresent(event.id(), (id, held) -> held.arrival() == event.arrival() ? null : held);
		}
		return last[0];
	}

	boolean holds(long arrival) {
		return keysByArrival.containsKey(arrival);
	}

	void clear() {
		keysByArrival.clear();
		byId.clear();
	}

}
