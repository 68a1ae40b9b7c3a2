package io.vigil.detection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.vigil.VigilApplication;
import io.vigil.support.Http;
import io.vigil.support.StoredCandidates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as a user runs it, on a file-mode H2 database: correlation state
 * survives a restart, and concurrent batches for the same hosts give the serial result.
 */
class DetectionDurabilityIntegrationTests {

	private static final String NETWORK = """
			{"@timestamp":"%s","event":{"id":"net-%s","category":["network"],"type":["start"]},
			 "host":{"id":"%s","os":{"type":"windows"}},"network":{"direction":"incoming","protocol":"http"},
			 "source":{"ip":"10.1.1.1"},"destination":{"port":5985}}""";

	private static final String PROCESS = """
			{"@timestamp":"%s","event":{"id":"proc-%s","category":["process"],"type":["start"]},
			 "host":{"id":"%s","os":{"type":"windows"}},
			 "process":{"executable":"C:\\\\Windows\\\\System32\\\\whoami.exe","parent":{"name":"wsmprovhost.exe"}}}""";

	@TempDir
	Path dataDir;

	@Test
	void aSequenceBegunBeforeARestartCompletesAfterIt() {
		try (ConfigurableApplicationContext first = start()) {
			Http.Response response = http(first).post("/api/v1/events", "application/json",
					NETWORK.formatted("2024-05-14T08:00:00Z", "1", "host-1"));
			assertThat(response.json().get("alerts_created").asInt()).isZero();
			assertThat(StoredCandidates.count(first.getBean(JdbcTemplate.class))).isEqualTo(1);
		}
		try (ConfigurableApplicationContext second = start()) {
			Http.Response response = http(second).post("/api/v1/events", "application/x-ndjson",
					PROCESS.formatted("2024-05-14T08:00:10Z", "1", "host-1").replace("\n", "") + "\n");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().get("alerts_created").asInt()).isEqualTo(1);
			assertThat(alertCount(second)).isEqualTo(1);
		}
	}

	/**
	 * Retained events are stored per batch: a batch's row stays while any of its events
	 * is held and goes at the tick after none is, and a restart takes back what the rows
	 * hold.
	 */
	@Test
	void aStoredBatchGoesWhenNoKeyHoldsAnyOfItsEvents() {
		try (ConfigurableApplicationContext first = start()) {
			Http http = http(first);
			JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
			http.post("/api/v1/events", "application/x-ndjson",
					String.join("\n", NETWORK.formatted("2024-05-14T08:00:00Z", "old", "host-a").replace("\n", ""),
							NETWORK.formatted("2024-05-14T08:00:00Z", "kept", "host-b").replace("\n", "")));
			// an hour later for host-a only: its first event is now far behind its key's
			// watermark
			http.post("/api/v1/events", "application/json", NETWORK.formatted("2024-05-14T09:00:00Z", "new", "host-a"));
			first.getBean(DetectionService.class).tick();
			assertThat(StoredCandidates.all(jdbc)).extracting(CandidateBatchFormat.StoredEvent::eventId)
				.as("host-b still holds an event of the first batch")
				.containsExactly("net-old", "net-kept", "net-new");

			http.post("/api/v1/events", "application/json",
					NETWORK.formatted("2024-05-14T09:00:00Z", "later", "host-b"));
			first.getBean(DetectionService.class).tick();
			assertThat(StoredCandidates.all(jdbc)).extracting(CandidateBatchFormat.StoredEvent::eventId)
				.containsExactly("net-new", "net-later");
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM candidate_batch", Integer.class)).isEqualTo(2);
		}
		try (ConfigurableApplicationContext second = start()) {
			Http.Response attack = http(second).post("/api/v1/events", "application/json",
					PROCESS.formatted("2024-05-14T09:00:10Z", "1", "host-a"));
			assertThat(attack.json().get("alerts_created").asInt()).as("net-new was taken back").isEqualTo(1);
		}
	}

	/**
	 * The state H2 once recovered after a SIGKILL (.ci/crash-safety): the threat rows of
	 * a batch's alert without the alert itself or the rows of the events it retained. The
	 * shipper sends the batch again; it must store the alert, with its threats once,
	 * instead of failing on the leftovers forever.
	 */
	@Test
	void aBatchSentAgainAfterATornRecoveryStoresItsAlert() {
		String attack = NETWORK.formatted("2024-05-14T08:00:00Z", "t", "host-t").replace("\n", "") + "\n"
				+ PROCESS.formatted("2024-05-14T08:00:10Z", "t", "host-t").replace("\n", "") + "\n";
		String alertId;
		try (ConfigurableApplicationContext crashed = start()) {
			assertThat(http(crashed).post("/api/v1/events", "application/x-ndjson", attack)
				.json()
				.get("alerts_created")
				.asInt()).isEqualTo(1);
			JdbcTemplate jdbc = crashed.getBean(JdbcTemplate.class);
			alertId = jdbc.queryForObject("SELECT id FROM alert", String.class);
			jdbc.execute("SET REFERENTIAL_INTEGRITY FALSE");
			jdbc.update("DELETE FROM alert_key WHERE alert_id = ?", alertId);
			jdbc.update("DELETE FROM alert WHERE id = ?", alertId);
			jdbc.update("DELETE FROM candidate_batch");
			jdbc.execute("SET REFERENTIAL_INTEGRITY TRUE");
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM alert_threat", Integer.class)).isEqualTo(2);
		}
		try (ConfigurableApplicationContext restarted = start()) {
			Http.Response again = http(restarted).post("/api/v1/events", "application/x-ndjson", attack);

			assertThat(again.status()).isEqualTo(200);
			assertThat(again.json().get("alerts_created").asInt()).isEqualTo(1);
			JdbcTemplate jdbc = restarted.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT id FROM alert", String.class)).isEqualTo(alertId);
			assertThat(
					jdbc.queryForObject("SELECT COUNT(*) FROM alert_threat WHERE alert_id = ?", Integer.class, alertId))
				.isEqualTo(2);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM alert_key WHERE alert_id = ?", Integer.class, alertId))
				.isEqualTo(1);
		}
	}

	@Test
	void concurrentBatchesForTheSameHostsGiveTheSerialResult() throws Exception {
		// 40 hosts, 5 attacks each, a minute apart: every arrival order gives the same
		// 200 sequences.
		List<String> events = new ArrayList<>();
		Set<String> expected = new HashSet<>();
		for (int host = 0; host < 40; host++) {
			for (int attack = 0; attack < 5; attack++) {
				String id = host + "-" + attack;
				String second = "2024-05-14T08:%02d:%02dZ";
				events.add(NETWORK.formatted(second.formatted(attack * 2, 0), id, "host-" + host).replace("\n", ""));
				events.add(PROCESS.formatted(second.formatted(attack * 2, 20), id, "host-" + host).replace("\n", ""));
				expected.add("net-" + id + ",proc-" + id);
			}
		}
		Collections.shuffle(events, new Random(7));
		List<String> batches = new ArrayList<>();
		for (int i = 0; i < events.size(); i += 10) {
			batches.add(String.join("\n", events.subList(i, Math.min(events.size(), i + 10))));
		}
		try (ConfigurableApplicationContext app = start(); ExecutorService pool = Executors.newFixedThreadPool(8)) {
			Http http = http(app);
			List<Future<Integer>> created = new ArrayList<>();
			for (String batch : batches) {
				created.add(pool.submit(() -> http.post("/api/v1/events", "application/x-ndjson", batch)
					.json()
					.get("alerts_created")
					.asInt()));
			}
			int total = 0;
			for (Future<Integer> count : created) {
				total += count.get();
			}
			JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
			List<String> stored = jdbc.queryForList("SELECT events FROM alert", String.class)
				.stream()
				.map(json -> json.replaceAll(".*\"event_id\":\"(net-[^\"]+)\".*\"event_id\":\"(proc-[^\"]+)\".*",
						"$1,$2"))
				.toList();
			assertThat(total).isEqualTo(200);
			assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	private ConfigurableApplicationContext start() {
		// Command-line arguments, which take precedence over application.properties.
		return new SpringApplicationBuilder(VigilApplication.class).run("--server.port=0",
				"--vigil.data-dir=" + dataDir);
	}

	private static Http http(ConfigurableApplicationContext app) {
		return new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
	}

	private static int alertCount(ConfigurableApplicationContext app) {
		return app.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM alert", Integer.class);
	}

}
