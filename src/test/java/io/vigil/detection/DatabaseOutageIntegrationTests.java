package io.vigil.detection;

import java.time.Duration;
import java.time.Instant;

import io.vigil.support.Http;
import io.vigil.support.PostgresDatabase;
import io.vigil.support.TcpProxy;
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
 * PostgreSQL unreachable mid-stream (the connection cut by a proxy, as when the server
 * goes down): ingest answers 503, never 200; readiness goes down; once the database is
 * back the service recovers on its own, a sequence begun before the outage completes, and
 * the batches shippers send again produce their alerts exactly once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "detection.tick=1h",
		"spring.datasource.hikari.connection-timeout=1500", "spring.datasource.hikari.validation-timeout=1000" })
class DatabaseOutageIntegrationTests {

	private static final String NETWORK = """
			{"@timestamp":"%2$s","event":{"id":"%1$s-net","category":["network"],"type":["start"]},"host":{"id":"%1$s","os":{"type":"windows"}},"network":{"direction":"incoming","protocol":"http"},"source":{"ip":"10.29.188.187"},"destination":{"port":5985}}""";

	private static final String PROCESS = """
			{"@timestamp":"%2$s","event":{"id":"%1$s-proc","category":["process"],"type":["start"]},"host":{"id":"%1$s","os":{"type":"windows"}},"process":{"executable":"C:\\\\Windows\\\\System32\\\\whoami.exe","parent":{"name":"wsmprovhost.exe"}}}""";

	static PostgresDatabase database;

	static TcpProxy proxy;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void postgresThroughAProxy(DynamicPropertyRegistry registry) throws Exception {
		database = PostgresDatabase.createFor(registry);
		proxy = new TcpProxy(PostgresDatabase.host(), PostgresDatabase.port());
		registry.add("spring.datasource.url", () -> database.urlThrough("127.0.0.1:" + proxy.port()));
	}

	@AfterAll
	static void cleanUp() throws Exception {
		if (proxy != null) {
			proxy.close();
		}
		if (database != null) {
			database.close();
		}
	}

	@Test
	void anOutageIsA503AndTheServiceRecoversWithoutLosingAnAlert() throws Exception {
		Http http = new Http(port);
		Instant t = Instant.parse("2024-05-14T08:00:00Z");
		assertThat(ingest(http, NETWORK.formatted("before", t), PROCESS.formatted("before", t.plusSeconds(4))).status())
			.isEqualTo(200);
		// a sequence begun before the outage: its first event is stored and retained
		assertThat(ingest(http, NETWORK.formatted("across", t.plusSeconds(10))).status()).isEqualTo(200);

		proxy.cut();
		String during = NETWORK.formatted("during", t.plusSeconds(20)) + "\n"
				+ PROCESS.formatted("during", t.plusSeconds(24));
		Http.Response refused = ingest(http, during);
		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
		Http.Response across = ingest(http, PROCESS.formatted("across", t.plusSeconds(30)));
		assertThat(across.status()).isEqualTo(503);
		Http.Response bulk = http.post("/_bulk", "application/x-ndjson",
				"{\"create\":{}}\n" + NETWORK.formatted("bulk", t.plusSeconds(40)) + "\n");
		assertThat(bulk.status()).isEqualTo(503);
		assertThat(bulk.json().get("status").asInt()).isEqualTo(503);
		assertThat(http.get("/actuator/health/readiness").status()).isEqualTo(503);
		assertThat(http.get("/actuator/health/liveness").status()).isEqualTo(200);

		proxy.restore();
		awaitReady(http);
		Http.Response resent = ingest(http, during);
		assertThat(resent.status()).isEqualTo(200);
		assertThat(resent.json().get("alerts_created").asInt()).isEqualTo(1);
		Http.Response completed = ingest(http, PROCESS.formatted("across", t.plusSeconds(30)));
		assertThat(completed.status()).isEqualTo(200);
		assertThat(completed.json().get("alerts_created").asInt()).as("the sequence begun before the outage")
			.isEqualTo(1);
		assertThat(ingest(http, during).json().get("duplicates").asInt()).isEqualTo(2);

		for (String host : new String[] { "before", "during", "across" }) {
			assertThat(
					jdbc.queryForObject("SELECT count(*) FROM alert_key WHERE key_field = 'host.id' AND key_value = ?",
							Integer.class, host))
				.as(host)
				.isEqualTo(1);
		}
	}

	private static Http.Response ingest(Http http, String... events) {
		return http.post("/api/v1/events", "application/x-ndjson", String.join("\n", events));
	}

	private static void awaitReady(Http http) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (http.get("/actuator/health/readiness").status() != 200) {
			assertThat(Instant.now()).as("ready again after the database returned").isBefore(deadline);
			Thread.sleep(200);
		}
	}

}
