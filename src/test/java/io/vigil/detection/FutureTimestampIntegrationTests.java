package io.vigil.detection;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.vigil.VigilApplication;
import io.vigil.support.H2Settings;
import io.vigil.support.Http;
import io.vigil.support.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.vigil.support.SeedAttack.network;
import static io.vigil.support.SeedAttack.pair;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No timestamp a client sends can blind detection for other hosts, on either database and
 * across a restart: events dated years ahead (on another host, in another index, as epoch
 * milliseconds) are evaluated on their own host's clock only, {@code 1e999999} is
 * refused, and true attacks dated now keep alerting. Hosts whose clocks run 30 minutes
 * ahead or behind are detected too.
 */
class FutureTimestampIntegrationTests {

	private static final String SEED_RULE = "2772264c-6fb9-4d9d-9014-b416eed21254";

	@TempDir
	Path dataDir;

	private final List<PostgresDatabase> databases = new ArrayList<>();

	@AfterEach
	void dropDatabases() throws Exception {
		for (PostgresDatabase database : databases) {
			database.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void futureDatedEventsBlindNoOtherHostBeforeOrAfterARestart(String database) {
		String url = url(database);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		try (ConfigurableApplicationContext first = start(url)) {
			Http http = http(first);
			JsonNode poisoned = http
				.post("/api/v1/events", "application/x-ndjson",
						network("far", "attacker", "\"2030-01-01T00:00:00Z\"") + "\n"
								+ network("millis", "attacker-2", "4102444800000") + "\n")
				.json();
			assertThat(poisoned.get("accepted").asInt()).isEqualTo(2);
			assertThat(poisoned.get("future").asInt()).isEqualTo(2);
			JsonNode otherIndex = http
				.post("/api/v1/events?index=other-logs", "application/x-ndjson",
						network("index", "host-a", "\"2030-01-01T00:00:00Z\"") + "\n")
				.json();
			assertThat(otherIndex.get("future").asInt()).isEqualTo(1);
			JsonNode infinite = http
				.post("/api/v1/events", "application/x-ndjson", network("infinite", "host-a", "1e999999") + "\n")
				.json();
			assertThat(infinite.get("accepted").asInt()).isZero();
			assertThat(infinite.get("errors").get(0).get("reason").asString())
				.startsWith("field [@timestamp] of type [date] cannot hold [1e999999]");

			JsonNode attack = http.post("/api/v1/events", "application/x-ndjson", pair("a", "host-a", now)).json();
			assertThat(attack.get("late").asInt()).isZero();
			assertThat(attack.get("alerts_created").asInt()).isEqualTo(1);

			JsonNode state = http.get("/api/v1/rules/" + SEED_RULE).json().get("state");
			assertThat(state.get("keys_ahead").asInt()).isEqualTo(2);
			assertThat(Instant.parse(state.get("newest_watermark").asString()))
				.isBefore(Instant.now().plus(Duration.ofMinutes(2)).minus(Duration.ofMinutes(10)).plusSeconds(1));
			first.getBean(DetectionService.class).tick(); // the correlation gauges show
															// what the last tick saw
			assertThat(http.get("/actuator/prometheus").body()).contains("vigil_events_future_total 3.0")
				.contains("vigil_correlation_keys_ahead{rule_id=\"" + SEED_RULE + "\"} 2.0")
				.containsPattern("vigil_correlation_watermark_seconds\\{key=\"newest\",rule_id=\"" + SEED_RULE
						+ "\"} \\d\\.\\d+E9");
		}
		try (ConfigurableApplicationContext second = start(url)) {
			Http http = http(second);
			assertThat(http.get("/api/v1/rules/" + SEED_RULE).json().get("state").get("keys_ahead").asInt())
				.as("the attackers' events were restored, on their own keys")
				.isEqualTo(2);
			JsonNode attack = http
				.post("/api/v1/events", "application/x-ndjson",
						pair("b", "host-b", Instant.now().truncatedTo(ChronoUnit.MILLIS)))
				.json();
			assertThat(attack.get("late").asInt()).isZero();
			assertThat(attack.get("alerts_created").asInt()).isEqualTo(1);
			assertThat(second.getBean(JdbcTemplate.class)
				.queryForList("SELECT key_value FROM alert_key WHERE key_field = 'host.id' ORDER BY key_value",
						String.class))
				.containsExactly("host-a", "host-b");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void hostsWhoseClocksRunThirtyMinutesAheadOrBehindAreDetectedAndBlindNobody(String database) {
		try (ConfigurableApplicationContext app = start(url(database))) {
			Http http = http(app);
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			StringBuilder body = new StringBuilder();
			for (int host = 0; host < 10; host++) {
				body.append(pair("normal-" + host, "normal-" + host, now.minusSeconds(host)));
				if (host == 3) {
					body.append(pair("ahead", "ahead", now.plus(Duration.ofMinutes(30))));
				}
				if (host == 6) {
					body.append(pair("behind", "behind", now.minus(Duration.ofMinutes(30))));
				}
			}
			JsonNode result = http.post("/api/v1/events", "application/x-ndjson", body.toString()).json();
			assertThat(result.get("accepted").asInt()).isEqualTo(24);
			assertThat(result.get("late").asInt()).isZero();
			assertThat(result.get("future").asInt()).isEqualTo(2);
			assertThat(result.get("alerts_created").asInt()).isEqualTo(12);
			// later batches of both skewed hosts, on their own clocks, still alert
			String later = pair("ahead-2", "ahead", now.plus(Duration.ofMinutes(31)))
					+ pair("behind-2", "behind", now.minus(Duration.ofMinutes(29))) + pair("normal-x", "normal-0", now);
			JsonNode next = http.post("/api/v1/events", "application/x-ndjson", later).json();
			assertThat(next.get("late").asInt()).isZero();
			assertThat(next.get("alerts_created").asInt()).isEqualTo(3);
		}
	}

	private String url(String database) {
		if (database.equals("h2")) {
			return H2Settings.fileUrl(dataDir);
		}
		PostgresDatabase postgres = PostgresDatabase.create();
		databases.add(postgres);
		return postgres.url();
	}

	private static ConfigurableApplicationContext start(String url) {
		// command-line arguments, which take precedence over application.properties
		return new SpringApplicationBuilder(VigilApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + url,
				"--spring.datasource.username=" + (url.startsWith("jdbc:h2") ? "sa" : "postgres"));
	}

	private static Http http(ConfigurableApplicationContext app) {
		return new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
	}

}
