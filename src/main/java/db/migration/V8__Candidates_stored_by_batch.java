package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import io.vigil.detection.CandidateBatchFormat;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Retained events are stored per batch received, deflated into one row
 * ({@link CandidateBatchFormat}), instead of a row per event: with the whole catalogue
 * loaded nearly every event is retained, and its row cost more than its evaluation. A row
 * covers the batch's arrival numbers and goes once no rule holds any of its events. Each
 * event stored before becomes a batch of its own.
 */
public class V8__Candidates_stored_by_batch extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("""
					CREATE TABLE candidate_batch (
					    first_arrival  BIGINT  NOT NULL PRIMARY KEY,
					    last_arrival   BIGINT  NOT NULL,
					    events         BYTEA   NOT NULL
					)""");
		}
		try (Statement statement = connection.createStatement();
				ResultSet old = statement.executeQuery(
						"SELECT arrival, event_id, rule_ids, ingested_at, event_index, source FROM candidate_event");
				PreparedStatement insert = connection.prepareStatement(
						"INSERT INTO candidate_batch (first_arrival, last_arrival, events) VALUES (?, ?, ?)")) {
			while (old.next()) {
				long arrival = old.getLong("arrival");
				List<String> ruleIds = Arrays.asList(old.getString("rule_ids").split("\n"));
				insert.setLong(1, arrival);
				insert.setLong(2, arrival);
				insert.setBytes(3,
						CandidateBatchFormat.encode(List.of(new CandidateBatchFormat.StoredEvent(arrival,
								old.getLong("ingested_at"), old.getString("event_id"), old.getString("event_index"),
								ruleIds, old.getBytes("source")))));
				insert.addBatch();
			}
			insert.executeBatch();
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE candidate_event");
		}
	}

}
