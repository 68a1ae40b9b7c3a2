package io.vigil.detection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vigil.detection.CandidateBatchFormat.StoredEvent;
import io.vigil.engine.EngineEvent;
import io.vigil.engine.EngineOutcome;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Persists the candidate events sequence and sample rules retain, so that a restart in
 * the middle of a sequence still produces it when its last event arrives. One row per
 * batch received that holds any, covering the batch's arrival numbers: its retained
 * events, each once whatever number of rules keep it, with the ids of those rules and its
 * bytes as received ({@link CandidateBatchFormat}). The row goes when no join key of any
 * rule holds any of its events ({@link EngineOutcome#closedBatches}).
 * <p>
 * An event let go while others of its batch are held stays in the row, as does a rule
 * that let go an event another rule keeps: after a restart they are taken back, and what
 * age let go goes again at once (it is older than its key's watermark by more than twice
 * maxspan); what a cap let go is evaluated again as long as the caps allow.
 */
@Repository
class RetainedEventStore {

	private final JdbcTemplate jdbc;

	RetainedEventStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a batch's retained events as one row, each event once with the ids of the
	 * rules that keep it.
	 */
	void save(EngineOutcome.ArrivalRange batch, List<EngineOutcome.Retained> retained) {
		Map<Long, Set<String>> rulesByArrival = new LinkedHashMap<>();
		Map<Long, EngineEvent> events = new LinkedHashMap<>();
		for (EngineOutcome.Retained entry : retained) {
			long arrival = entry.event().arrival();
			rulesByArrival.computeIfAbsent(arrival, a -> new LinkedHashSet<>()).add(entry.rule().ruleId());
			events.putIfAbsent(arrival, entry.event());
		}
		List<StoredEvent> stored = new ArrayList<>(events.size());
		events.forEach((arrival, event) -> stored.add(new StoredEvent(arrival, event.ingested(), event.id(),
				event.index(), List.copyOf(rulesByArrival.get(arrival)), event.source())));
		jdbc.update("INSERT INTO candidate_batch (first_arrival, last_arrival, events) VALUES (?, ?, ?)", batch.first(),
				batch.last(), CandidateBatchFormat.encode(stored));
	}

	/**
	 * Forgets the batches, by first arrival number, none of whose events any join key
	 * holds.
	 */
	void delete(List<Long> closedBatches) {
		if (!closedBatches.isEmpty()) {
			jdbc.batchUpdate("DELETE FROM candidate_batch WHERE first_arrival = ?", closedBatches, 500,
					(statement, first) -> statement.setLong(1, first));
		}
	}

	/** Every stored batch, in arrival order. */
	List<Stored> loadAll() {
		return jdbc.query("SELECT first_arrival, last_arrival, events FROM candidate_batch ORDER BY first_arrival",
				(row, number) -> new Stored(
						new EngineOutcome.ArrivalRange(row.getLong("first_arrival"), row.getLong("last_arrival")),
						row.getBytes("events")));
	}

	/**
	 * The highest arrival number stored, so numbering continues after a restart; -1 when
	 * none.
	 */
	long maxArrival() {
		Long max = jdbc.queryForObject("SELECT MAX(last_arrival) FROM candidate_batch", Long.class);
		return max == null ? -1 : max;
	}

	/**
	 * A stored batch: its arrival numbers and its events, still encoded (read them with
	 * {@link #events}).
	 */
	record Stored(EngineOutcome.ArrivalRange arrivals, byte[] encoded) {

		/**
		 * @throws IllegalArgumentException when the row cannot be read
		 */
		List<StoredEvent> events() {
			return CandidateBatchFormat.decode(encoded);
		}

	}

}
