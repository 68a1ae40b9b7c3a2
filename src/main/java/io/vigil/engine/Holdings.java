package io.vigil.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * How many join keys, of every rule, hold each retained event, known by its arrival
 * number (one per event received), and how many events of each stored batch are still
 * held. An event is retained once per rule and key that keeps it but stored once, with
 * the other events of its batch; the stored batch may go once no key holds any of its
 * events. Also which event holds each identity, so that another event claiming it is told
 * apart. Thread-safe.
 */
final class Holdings {

	private final Map<Long, Integer> keysByArrival = new ConcurrentHashMap<>();

	private final Map<String, EngineEvent> byId = new ConcurrentHashMap<>();

	/** Open batches by first arrival number: their ranges never overlap. */
	private final NavigableMap<Long, Batch> batches = new ConcurrentSkipListMap<>();

	/**
	 * A batch of events stored together: arrival numbers {@code first} to {@code last}.
	 */
	private record Batch(long last, AtomicInteger held) {
	}

	/**
	 * Counts the events of the range as one stored batch, before any of them is held.
	 * @throws IllegalArgumentException when the range overlaps a batch counted already
	 */
	void open(EngineOutcome.ArrivalRange range) {
		Map.Entry<Long, Batch> below = batches.floorEntry(range.last());
		if (below != null && below.getValue().last() >= range.first()) {
			throw new IllegalArgumentException("arrival numbers " + range + " overlap a batch counted already");
		}
		batches.put(range.first(), new Batch(range.last(), new AtomicInteger()));
	}

	/**
	 * Forgets the batch if none of its events is held: then nothing of it needs storing.
	 */
	boolean closeIfEmpty(long first) {
		Batch batch = batches.get(first);
		return batch != null && batch.held().get() == 0 && batches.remove(first, batch);
	}

	/**
	 * Forgets every batch none of whose events is held and returns their first arrival
	 * numbers. Call it while no event is being held: a batch still being evaluated may
	 * not hold its events yet.
	 */
	List<Long> closeEmpty() {
		List<Long> closed = new ArrayList<>();
		batches.entrySet().removeIf(entry -> {
			boolean empty = entry.getValue().held().get() == 0;
			if (empty) {
				closed.add(entry.getKey());
			}
			return empty;
		});
		return closed;
	}

	void hold(EngineEvent event) {
		if (keysByArrival.merge(event.arrival(), 1, Integer::sum) == 1) {
			Batch batch = batchOf(event.arrival());
			if (batch != null) {
				batch.held().incrementAndGet();
			}
		}
		byId.putIfAbsent(event.id(), event);
	}

	/** The held event with this identity, if any. */
	@Nullable EngineEvent withId(String id) {
		return byId.get(id);
	}

	/** One key lets the event go. */
	void release(EngineEvent event) {
		boolean[] last = new boolean[1];
		keysByArrival.computeIfPresent(event.arrival(), (arrival, count) -> {
			last[0] = count == 1;
			return count == 1 ? null : count - 1;
		});
		if (last[0]) {
			byId.computeIfPresent(event.id(), (id, held) -> held.arrival() == event.arrival() ? null : held);
			Batch batch = batchOf(event.arrival());
			if (batch != null) {
				batch.held().decrementAndGet();
			}
		}
	}

	private @Nullable Batch batchOf(long arrival) {
		Map.Entry<Long, Batch> entry = batches.floorEntry(arrival);
		return entry == null || entry.getValue().last() < arrival ? null : entry.getValue();
	}

	void clear() {
		keysByArrival.clear();
		byId.clear();
		batches.clear();
	}

}
