package io.vigil.detection;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The identities of events already ingested: what makes redelivery idempotent. */
@Repository
class EventLedger {

	private static final int BATCH_SIZE = 500;

	private final JdbcTemplate jdbc;

	/** PostgreSQL takes a batch's ids as one array in one statement, instead of a statement per id. */
	private final boolean postgres;

	EventLedger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.postgres = "PostgreSQL".equals(
				jdbc.execute((ConnectionCallback<String>) connection -> connection.getMetaData().getDatabaseProductName()));
	}

	/**
	 * Records the ids; for each, true when it was new (an id twice in one batch is new the first
	 * time). Runs in the caller's transaction, so an event counts as ingested only if its batch
	 * commits.
	 */
	boolean[] claim(List<String> ids, Instant at) {
		return postgres ? claimAsArray(ids, at) : claimInBatches(ids, at);
	}

	private boolean[] claimAsArray(List<String> ids, Instant at) {
		Set<String> inserted = new HashSet<>(jdbc.query(connection -> {
			PreparedStatement statement = connection.prepareStatement("""
					INSERT INTO ingested_event (event_id, ingested_at)
					SELECT id, ? FROM unnest(?) AS claimed(id)
					ON CONFLICT DO NOTHING RETURNING event_id""");
			Array array = connection.createArrayOf("varchar", ids.toArray());
			statement.setTimestamp(1, Timestamp.from(at));
			statement.setArray(2, array);
			return statement;
		}, (row, number) -> row.getString(1)));
		boolean[] fresh = new boolean[ids.size()];
		Map<String, Boolean> firstSeen = new HashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			fresh[i] = inserted.contains(ids.get(i)) && firstSeen.putIfAbsent(ids.get(i), Boolean.TRUE) == null;
		}
		return fresh;
	}

	private boolean[] claimInBatches(List<String> ids, Instant at) {
		int[][] counts = jdbc.batchUpdate(
				"INSERT INTO ingested_event (event_id, ingested_at) VALUES (?, ?) ON CONFLICT DO NOTHING", ids,
				BATCH_SIZE, (statement, id) -> {
					statement.setString(1, id);
					statement.setTimestamp(2, Timestamp.from(at));
				});
		boolean[] fresh = new boolean[ids.size()];
		int i = 0;
		for (int[] batch : counts) {
			for (int count : batch) {
				fresh[i++] = count > 0;
			}
		}
		return fresh;
	}

	int forgetBefore(Instant cutoff) {
		return jdbc.update("DELETE FROM ingested_event WHERE ingested_at < ?", Timestamp.from(cutoff));
	}

}
