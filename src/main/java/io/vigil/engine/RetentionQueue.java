package io.vigil.engine;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * One rule's retained events in the order they were retained, each with its holder (the
 * key state that holds it), for letting the oldest go first. A ring of two parallel
 * arrays rather than a linked queue: a catalogue holds hundreds of thousands of
 * candidates, and a node and an entry object for each were a tenth of the objects the
 * collector copied. Thread-safe.
 */
final class RetentionQueue<H> {

	private static final int MIN_CAPACITY = 16;

	private Object[] holders = new Object[MIN_CAPACITY];

	private EngineEvent[] events = new EngineEvent[MIN_CAPACITY];

	private int head;

	private int size;

	synchronized void add(H holder, EngineEvent event) {
		if (size == holders.length) {
			resize(holders.length * 2);
		}
		int tail = (head + size) % holders.length;
		holders[tail] = holder;
		events[tail] = event;
		size++;
	}

	/** Takes the oldest entry out; null when there is none. */
	synchronized @Nullable Entry<H> poll() {
		if (size == 0) {
			return null;
		}
		@SuppressWarnings("unchecked")
		Entry<H> oldest = new Entry<>((H) holders[head], events[head]);
		holders[head] = null;
		events[head] = null;
		head = (head + 1) % holders.length;
		size--;
		return oldest;
	}

	synchronized int size() {
		return size;
	}

	/** Drops the entries whose holder is {@code gone}, keeping the order of the rest. */
	@SuppressWarnings("unchecked")
	synchronized void removeHeldBy(Predicate<H> gone) {
		int kept = 0;
		for (int i = 0; i < size; i++) {
			int at = (head + i) % holders.length;
			if (!gone.test((H) holders[at])) {
				int to = (head + kept) % holders.length;
				holders[to] = holders[at];
				events[to] = events[at];
				kept++;
			}
		}
		for (int i = kept; i < size; i++) {
			int at = (head + i) % holders.length;
			holders[at] = null;
			events[at] = null;
		}
		size = kept;
		// a flood held once must not keep its arrays for good
		if (holders.length > MIN_CAPACITY && size < holders.length / 4) {
			resize(Math.max(MIN_CAPACITY, holders.length / 2));
		}
	}

	synchronized void clear() {
		holders = new Object[MIN_CAPACITY];
		events = new EngineEvent[MIN_CAPACITY];
		head = 0;
		size = 0;
	}

	private void resize(int capacity) {
		Object[] movedHolders = new Object[capacity];
		EngineEvent[] movedEvents = new EngineEvent[capacity];
		for (int i = 0; i < size; i++) {
			int at = (head + i) % holders.length;
			movedHolders[i] = holders[at];
			movedEvents[i] = events[at];
		}
		holders = movedHolders;
		events = movedEvents;
		head = 0;
	}

	/** A retained event and its holder. */
	record Entry<H>(H holder, EngineEvent event) {
	}

}
