package db.migration;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * One row per retained event, whatever number of rules keep it, with the event's bytes as
 * received: with the whole catalogue loaded most events are kept by several rules, and a
 * row per rule repeated the source each time (200,000 events became 597,000 rows and 613
 * MB of text). Rows are keyed by the event's arrival number, which only grows, so that
 * inserting them appends to the table's tree instead of searching a random identity. The
 * rows of the old table move over, grouped by event. Java rather than SQL so that one
 * migration turns text into bytes on both databases.
 */
public class V7__Retained_event_stored_once extends BaseJavaMigration {

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		try (Statement statement = connection.createStatement()) {
			statement.execute("""
					CREATE TABLE candidate_event (
					    arrival      BIGINT        NOT NULL PRIMARY KEY,
					    event_id     VARCHAR(512)  NOT NULL,
					    rule_ids     TEXT          NOT NULL,
					    ingested_at  BIGINT        NOT NULL,
					    event_index  VARCHAR(255),
					    source       BYTEA         NOT NULL
					)""");
		}
		Map<String, Set<String>> rules = new LinkedHashMap<>();
		Map<String, Object[]> rows = new LinkedHashMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet old = statement.executeQuery(
						"SELECT rule_id, event_id, ingested_at, arrival, event_index, source FROM retained_event")) {
			while (old.next()) {
				String eventId = old.getString("event_id");
				rules.computeIfAbsent(eventId, id -> new LinkedHashSet<>()).add(old.getString("rule_id"));
				rows.putIfAbsent(eventId, new Object[] { old.getLong("ingested_at"), old.getLong("arrival"),
						old.getString("event_index"), old.getString("source").getBytes(StandardCharsets.UTF_8) });
			}
		}
		try (PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO candidate_event (event_id, rule_ids, ingested_at, arrival, event_index, source)
				VALUES (?, ?, ?, ?, ?, ?)""")) {
			for (Map.Entry<String, Object[]> row : rows.entrySet()) {
				insert.setString(1, row.getKey());
				insert.setString(2, String.join("\n", rules.get(row.getKey())));
				insert.setLong(3, (Long) row.getValue()[0]);
				insert.setLong(4, (Long) row.getValue()[1]);
				insert.setString(5, (String) row.getValue()[2]);
				insert.setBytes(6, (byte[]) row.getValue()[3]);
				insert.addBatch();
			}
			insert.executeBatch();
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("DROP TABLE retained_event");
		}
	}

}
