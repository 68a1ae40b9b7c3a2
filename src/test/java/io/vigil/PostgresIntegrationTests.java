package io.vigil;

import io.vigil.support.Http;
import io.vigil.support.PostgresDatabase;
import io.vigil.support.SeedAttack;
import io.vigil.support.StoredCandidates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application on a real PostgreSQL server: Flyway migrates a fresh schema and the app
 * runs on it.
 */
// The scratch schema is dropped after the tests while the cached context lives on: no
// periodic tick then.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "detection.tick=1h")
class PostgresIntegrationTests {

	static PostgresDatabase database;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		database = PostgresDatabase.createFor(registry);
	}

	@AfterAll
	static void dropSchema() throws Exception {
		if (database != null) {
			database.close();
		}
	}

	@Test
	void migrationsRanOnPostgres() {
		assertThat(jdbc.queryForObject("SELECT current_schema()", String.class)).isEqualTo(database.schema());
		assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Integer.class))
			.isPositive();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM instance_info", Integer.class)).isEqualTo(1);
	}

	@Test
	void redeliveryIsIdempotentOnPostgresWithoutARowPerEvent() {
		Http http = new Http(port);
		String unretained = """
				{"@timestamp":"2024-05-14T08:00:00Z","event":{"id":"pg-plain-%s","category":["process"]}}""";
		String retained = SeedAttack.network("pg-retained", "pg-host", "\"2024-05-14T08:00:00Z\"");
		String batch = String.join("\n", unretained.formatted("a"), retained, unretained.formatted("b"), retained);
		Http.Response first = http.post("/api/v1/events", "application/x-ndjson", batch);
		assertThat(first.json().get("accepted").asInt()).isEqualTo(3);
		assertThat(first.json().get("duplicates").asInt()).as("a retained event twice in one batch").isEqualTo(1);
		Http.Response again = http.post("/api/v1/events", "application/x-ndjson", batch);
		assertThat(again.json().get("accepted").asInt()).as("events no rule keeps are remembered by nothing")
			.isEqualTo(2);
		assertThat(again.json().get("duplicates").asInt()).isEqualTo(2);
		assertThat(StoredCandidates.count(jdbc)).isEqualTo(1);
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM information_schema.tables WHERE table_name = 'ingested_event'", Integer.class))
			.isZero();
	}

	@Test
	void healthReportsPostgres() {
		Http.Response health = new Http(port).get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("components").get("db").get("details").get("database").asString())
			.isEqualTo("PostgreSQL");
	}

}
