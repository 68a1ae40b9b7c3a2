package io.vigil.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clocks of a rule's join keys whose state was forgotten, so that a key that comes back picks
 * up its clock where it left it: an event of it sent again long after is judged late, as it would
 * have been had the key kept its state, instead of starting a match it could not have formed then.
 * Bounded: beyond {@code limit} keys the longest retired go first (those keys then start afresh).
 * Thread-safe.
 */
final class RetiredClocks {

	private final int limit;

	private final EventTime time;

	private final Map<List<Object>, KeyClock> clocks = new LinkedHashMap<>();

	RetiredClocks(int limit, EventTime time) {
		this.limit = limit;
		this.time = time;
	}

	synchronized void retire(List<Object> key, KeyClock clock) {
		clocks.remove(key);
		clocks.put(key, clock);
		var oldest = clocks.entrySet().iterator();
		while (clocks.size() > limit) {
			oldest.next();
			oldest.remove();
		}
	}

	/** The key's clock as it was retired, or a new one for a key not seen (or no longer remembered). */
	synchronized KeyClock revive(List<Object> key) {
		KeyClock clock = clocks.remove(key);
		return clock == null ? new KeyClock(time) : clock;
	}

	synchronized void clear() {
		clocks.clear();
	}

}
