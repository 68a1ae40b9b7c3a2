package io.vigil.detection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vigil.engine.EngineEvent;
import io.vigil.engine.EngineOutcome;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Persists the candidate events sequence and sample rules retain, so that a restart in the middle
 * of a sequence still produces it when its last event arrives. One row per event received, whatever
 * number of rules keep it (their ids in {@code rule_ids}), with its bytes as received, keyed by its
 * arrival number (inserts append); the row goes when the last join key of any rule lets the event go.
 * An event sent again that a rule newly keeps (one that no rule kept before) is a new arrival, with a
 * row of its own.
 * <p>
 * A rule that lets an event go while another still keeps it is not removed from the row: after a
 * restart it takes the event back, where age would evict it again at once (it is older than its
 * key's watermark by more than twice maxspan) and only a cap could have dropped it before.
 */
@Repository
class RetainedEventStore {

	/** Rule ids are written one per line: a line break is no part of any rule id Elastic writes. */
	private static final String RULE_SEPARATOR = "\n";

	private final JdbcTemplate jdbc;

	RetainedEventStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Stores the events rules now retain, one row per event with the ids of the rules that keep it. */
	void saveAll(List<EngineOutcome.Retained> retained) {
		Map<Long, Set<String>> rulesByArrival = new LinkedHashMap<>();
		Map<Long, EngineEvent> events = new LinkedHashMap<>();
		for (EngineOutcome.Retained entry : retained) {
			long arrival = entry.event().arrival();
			rulesByArrival.computeIfAbsent(arrival, a -> new LinkedHashSet<>()).add(entry.rule().ruleId());
			events.putIfAbsent(arrival, entry.event());
		}
		jdbc.batchUpdate("""
				INSERT INTO candidate_event (arrival, event_id, rule_ids, ingested_at, event_index, source)
				VALUES (?, ?, ?, ?, ?, ?)""", new ArrayList<>(events.values()), 500, (statement, event) -> {
			statement.setLong(1, event.arrival());
			statement.setString(2, event.id());
			statement.setString(3, String.join(RULE_SEPARATOR, rulesByArrival.get(event.arrival())));
			statement.setLong(4, event.ingested());
			statement.setString(5, event.index());
			statement.setBytes(6, event.source());
		});
	}

	/** Forgets the events of {@code released} that no join key of any rule holds any longer ({@code last}). */
	void deleteReleased(List<EngineOutcome.Released> released) {
		List<Long> gone = released.stream()
			.filter(EngineOutcome.Released::last)
			.map(EngineOutcome.Released::arrival)
			.distinct()
			.toList();
		if (!gone.isEmpty()) {
			jdbc.batchUpdate("DELETE FROM candidate_event WHERE arrival = ?", gone, 500,
					(statement, arrival) -> statement.setLong(1, arrival));
		}
	}

	/** Every retained event, with the rules that keep it, in arrival order. */
	List<Stored> loadAll() {
		return jdbc.query("SELECT event_id, rule_ids, ingested_at, arrival, event_index, source FROM candidate_event "
				+ "ORDER BY arrival", (row, number) -> new Stored(row.getString("event_id"),
						List.copyOf(new LinkedHashSet<>(List.of(row.getString("rule_ids").split(RULE_SEPARATOR)))),
						row.getLong("ingested_at"), row.getLong("arrival"), row.getString("event_index"),
						row.getBytes("source")));
	}

	/** The highest arrival number stored, so numbering continues after a restart; -1 when none. */
	long maxArrival() {
		Long max = jdbc.queryForObject("SELECT MAX(arrival) FROM candidate_event", Long.class);
		return max == null ? -1 : max;
	}

	/** A retained event as stored: the rules that keep it, and its bytes as received. */
	record Stored(String eventId, List<String> ruleIds, long ingestedAt, long arrival, @Nullable String index,
			byte[] source) {
	}

}
