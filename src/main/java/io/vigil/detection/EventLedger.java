package io.vigil.detection;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The identities of events already ingested: what makes redelivery idempotent. */
@Repository
class EventLedger {

	private final JdbcTemplate jdbc;

	EventLedger(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records the ids; for each, true when it was new. Runs in the caller's transaction, so an
	 * event counts as ingested only if its batch commits.
	 */
	boolean[] claim(List<String> ids, Instant at) {
		int[][] counts = jdbc.batchUpdate("INSERT INTO ingested_event (event_id, ingested_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
				ids, 500, (statement, id) -> {
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
