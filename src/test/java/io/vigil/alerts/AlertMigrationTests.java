package io.vigil.alerts;

import java.util.List;
import java.util.UUID;

import io.vigil.support.H2Settings;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts stored before the alert model grew keep their data and join the commit order.
 */
class AlertMigrationTests {

	@Test
	void alertsStoredBeforeTheTriageModelAreNumberedInDetectionOrder() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				H2Settings.memoryUrl(UUID.randomUUID().toString()), "sa", "");
		Flyway.configure().dataSource(dataSource).target("3").load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		for (String[] alert : List.of(new String[] { "b", "2024-05-14T08:00:02Z" },
				new String[] { "a", "2024-05-14T08:00:02Z" }, new String[] { "c", "2024-05-14T08:00:01Z" })) {
			jdbc.update("""
					INSERT INTO alert (id, rule_id, rule_name, severity, risk_score, join_keys, events, first_event_at,
					                   last_event_at, detected_at)
					VALUES (?, 'r', 'Rule', 'low', 21, '{}', '[]', TIMESTAMP WITH TIME ZONE '2024-05-14 08:00:00Z',
					        TIMESTAMP WITH TIME ZONE '2024-05-14 08:00:00Z', CAST(? AS TIMESTAMP WITH TIME ZONE))""",
					alert[0], alert[1]);
		}

		Flyway.configure().dataSource(dataSource).load().migrate();

		assertThat(jdbc.queryForList("SELECT id FROM alert ORDER BY seq", String.class)).containsExactly("c", "a", "b");
		assertThat(jdbc.queryForList("SELECT seq FROM alert ORDER BY seq", Long.class)).containsExactly(1L, 2L, 3L);
		assertThat(jdbc.queryForObject("SELECT last_seq FROM alert_commit_counter", Long.class)).isEqualTo(3);
		assertThat(jdbc.queryForList("SELECT DISTINCT status FROM alert", String.class)).containsExactly("open");
		assertThat(jdbc.queryForObject("SELECT rule_name FROM alert WHERE id = 'a'", String.class)).isEqualTo("Rule");
	}

}
