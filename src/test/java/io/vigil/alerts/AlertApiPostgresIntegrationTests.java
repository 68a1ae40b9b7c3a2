package io.vigil.alerts;

import io.vigil.support.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The alert API on a real PostgreSQL server, in a scratch schema. */
// The scratch schema is dropped after the tests while the cached context lives on: no
// periodic tick then.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "detection.tick=1h")
class AlertApiPostgresIntegrationTests extends AlertApiContract {

	static PostgresDatabase database;

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

}
