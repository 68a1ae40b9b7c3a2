package io.vigil.detection;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vigil.support.H2Settings;
import io.vigil.support.PostgresDatabase;
import io.vigil.support.StoredCandidates;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events retained under an earlier layout move over to the current one, on both
 * databases.
 */
class RetainedEventMigrationTests {

	private static final String SOURCE = "{\"@timestamp\":\"2024-05-14T08:00:00Z\",\"message\":\"é\"}";

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void rowsPerRuleBecomeOneRowPerEvent(String database) throws Exception {
		PostgresDatabase postgres = database.equals("postgresql") ? PostgresDatabase.create() : null;
		try {
			DriverManagerDataSource dataSource = postgres != null
					? new DriverManagerDataSource(postgres.url(), postgres.user(), "")
					: new DriverManagerDataSource(H2Settings.memoryUrl(UUID.randomUUID().toString()), "sa", "");
			Flyway.configure().dataSource(dataSource).target("6").load().migrate();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			for (Object[] row : List.of(new Object[] { "rule-a", "e1", 7L }, new Object[] { "rule-b", "e1", 7L },
					new Object[] { "rule-a", "e2", 8L })) {
				jdbc.update("""
						INSERT INTO retained_event (rule_id, event_id, ingested_at, arrival, event_index, source)
						VALUES (?, ?, 1000, ?, 'logs-x', ?)""", row[0], row[1], row[2], SOURCE);
			}

			Flyway.configure().dataSource(dataSource).target("7").load().migrate();

			List<Map<String, Object>> rows = jdbc.queryForList(
					"SELECT event_id, rule_ids, arrival, event_index, source FROM candidate_event ORDER BY arrival");
			assertThat(rows).hasSize(2);
			assertThat(rows.get(0).get("rule_ids")).isEqualTo("rule-a\nrule-b");
			assertThat(rows.get(1).get("rule_ids")).isEqualTo("rule-a");
			assertThat(new String((byte[]) rows.get(0).get("source"), StandardCharsets.UTF_8)).isEqualTo(SOURCE);
			assertThat(rows.get(0).get("event_index")).isEqualTo("logs-x");
			assertThat(jdbc.queryForObject(
					"SELECT count(*) FROM information_schema.tables WHERE table_name = 'retained_event'",
					Integer.class))
				.isZero();

			Flyway.configure().dataSource(dataSource).load().migrate();

			assertThat(
					jdbc.queryForList("SELECT first_arrival, last_arrival FROM candidate_batch ORDER BY first_arrival"))
				.as("each event stored before is a batch of its own")
				.containsExactly(Map.of("first_arrival", 7L, "last_arrival", 7L),
						Map.of("first_arrival", 8L, "last_arrival", 8L));
			assertThat(StoredCandidates.all(jdbc)).satisfiesExactly(first -> {
				assertThat(first.eventId()).isEqualTo("e1");
				assertThat(first.ruleIds()).containsExactly("rule-a", "rule-b");
				assertThat(first.index()).isEqualTo("logs-x");
				assertThat(first.ingestedAt()).isEqualTo(1000);
				assertThat(new String(first.source(), StandardCharsets.UTF_8)).isEqualTo(SOURCE);
			}, second -> {
				assertThat(second.eventId()).isEqualTo("e2");
				assertThat(second.ruleIds()).containsExactly("rule-a");
			});
			assertThat(jdbc.queryForObject(
					"SELECT count(*) FROM information_schema.tables WHERE table_name = 'candidate_event'",
					Integer.class))
				.isZero();
		}
		finally {
			if (postgres != null) {
				postgres.close();
			}
		}
	}

}
