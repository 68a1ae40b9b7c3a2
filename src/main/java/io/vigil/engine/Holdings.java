package io.vigil.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many of a rule's join keys hold each retained event. An event with several key values is
 * retained once per key but stored once per rule, so its stored copy may go only with the last key
 * that lets it go. Thread-safe.
 */
final class Holdings {

	private final Map<String, Integer> keysByEventId = new ConcurrentHashMap<>();

	void hold(EngineEvent event) {
		keysByEventId.merge(event.id(), 1, Integer::sum);
	}

	/** One key lets the event go; true when it was the last to hold it. */
	boolean release(EngineEvent event) {
		boolean[] last = new boolean[1];
		keysByEventId.computeIfPresent(event.id(), (id, count) -> {
			last[0] = count == 1;
			return count == 1 ? null : count - 1;
		});
		return last[0];
	}

	void clear() {
		keysByEventId.clear();
	}

}
