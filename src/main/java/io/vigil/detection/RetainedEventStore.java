package io.vigil.detection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.engine.EngineEvent;
import io.vigil.engine.EngineOutcome;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Persists the candidate events sequence and sample rules retain, so that a restart in the middle
 * of a sequence still produces it when its last event arrives. Only candidates are written: a small
 * fraction of the events.
 */
@Repository
class RetainedEventStore {

	private final JdbcTemplate jdbc;

	RetainedEventStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** Stores retained events; an event a rule already retains is left as it is. */
	void saveAll(List<EngineOutcome.Retained> retained) {
		jdbc.batchUpdate("""
				INSERT INTO retained_event (rule_id, event_id, ingested_at, arrival, event_index, source)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", retained, 500, (statement, entry) -> {
			EngineEvent event = entry.event();
			statement.setString(1, entry.rule().ruleId());
			statement.setString(2, event.id());
			statement.setLong(3, event.ingested());
			statement.setLong(4, event.arrival());
			statement.setString(5, event.index());
			statement.setString(6, new String(event.source(), StandardCharsets.UTF_8));
		});
	}

	/** Forgets the events no join key of their rule holds any longer. */
	void deleteReleased(List<EngineOutcome.Released> released) {
		List<EngineOutcome.Released> gone = released.stream().filter(EngineOutcome.Released::last).toList();
		if (!gone.isEmpty()) {
			jdbc.batchUpdate("DELETE FROM retained_event WHERE rule_id = ? AND event_id = ?", gone, 500,
					(statement, entry) -> {
						statement.setString(1, entry.rule().ruleId());
						statement.setString(2, entry.eventId());
					});
		}
	}

	/** Every retained event, by rule, in arrival order. */
	Map<String, List<Stored>> loadAll() {
		Map<String, List<Stored>> byRule = new LinkedHashMap<>();
		jdbc.query("SELECT rule_id, event_id, ingested_at, arrival, event_index, source FROM retained_event ORDER BY arrival",
				row -> {
					byRule.computeIfAbsent(row.getString("rule_id"), k -> new ArrayList<>())
						.add(new Stored(row.getString("event_id"), row.getLong("ingested_at"), row.getLong("arrival"),
								row.getString("event_index"), row.getString("source")));
				});
		return byRule;
	}

	/** The highest arrival number stored, so numbering continues after a restart; -1 when none. */
	long maxArrival() {
		Long max = jdbc.queryForObject("SELECT MAX(arrival) FROM retained_event", Long.class);
		return max == null ? -1 : max;
	}

	/** A retained event as stored. */
	record Stored(String eventId, long ingestedAt, long arrival, @Nullable String index, String source) {
	}

}
