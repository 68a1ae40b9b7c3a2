package io.vigil.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clocks of a rule's join keys whose state was forgotten, so that a key that comes
 * back picks up its clock where it left it: an event of it sent again long after is
 * judged late, as it would have been had the key kept its state, instead of starting a
 * match it could not have formed then. Bounded: beyond {@code limit} keys, or when the
 * memory budget asks, the longest retired go first (those keys then start afresh). Each
 * counts {@link #COST_BYTES} against the budget. Thread-safe.
 */
final class RetiredClocks {

	/**
	 * What one retired clock takes: its map entry, the clock and the key (measured:
	 * 170–200 bytes).
	 */
	static final int COST_BYTES = 200;

	private final int limit;

	private final EventTime time;

	private final MemoryBudget.Account account;

	private final Map<List<Object>, KeyClock> clocks = new LinkedHashMap<>();

	RetiredClocks(int limit, EventTime time, MemoryBudget.Account account) {
		this.limit = limit;
		this.time = time;
		this.account = account;
	}

	synchronized void retire(List<Object> key, KeyClock clock) {
		if (clocks.remove(key) == null) {
			account.charge(COST_BYTES);
		}
		clocks.put(key, clock);
		if (clocks.size() > limit) {
			dropOldest(clocks.size() - limit);
		}
	}

	/**
	 * The key's clock as it was retired, or a new one for a key not seen (or no longer
	 * remembered).
	 */
	synchronized KeyClock revive(List<Object> key) {
		KeyClock clock = clocks.remove(key);
		if (clock == null) {
			return new KeyClock(time);
		}
		account.charge(-COST_BYTES);
		return clock;
	}

	/**
	 * Forgets the longest retired clocks until {@code bytes} are freed; returns the bytes
	 * freed.
	 */
	synchronized long letOldestGo(long bytes) {
		int count = (int) Math.min(clocks.size(), (bytes + COST_BYTES - 1) / COST_BYTES);
		dropOldest(count);
		return (long) count * COST_BYTES;
	}

	synchronized boolean isEmpty() {
		return clocks.isEmpty();
	}

	private void dropOldest(int count) {
		Iterator<?> oldest = clocks.entrySet().iterator();
		for (int i = 0; i < count; i++) {
			oldest.next();
			oldest.remove();
		}
		account.charge(-(long) count * COST_BYTES);
	}

	synchronized void clear() {
		account.charge(-(long) clocks.size() * COST_BYTES);
		clocks.clear();
	}

}
