package io.vigil.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.VigilApplication;
import io.vigil.support.H2Settings;
import io.vigil.support.Http;
import io.vigil.support.LoadWorkload;
import io.vigil.support.PostgresDatabase;
import io.vigil.support.SeedAttack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clustered mode against an embedded KRaft broker and a real PostgreSQL: the alerts of a
 * cluster (one ingest instance, several correlation instances) are exactly those the
 * single-process mode stores for the same events, also when a correlation instance dies
 * mid-workload and when the events come from the events topic instead of HTTP.
 */
class ClusterIntegrationTests {

	private static final int PARTITIONS = 6;

	private static final String SEED_RULE = "2772264c-6fb9-4d9d-9014-b416eed21254";

	private static final AtomicInteger RUNS = new AtomicInteger();

	private static EmbeddedKafkaKraftBroker broker;

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final List<PostgresDatabase> databases = new ArrayList<>();

	private final List<Process> processes = new ArrayList<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path stateDirs;

	/**
	 * Realistic: 20,000 events of 400 hosts, 40 true sequences, 40 near misses, shuffled
	 * within 2.5 s windows.
	 */
	private final LoadWorkload workload = LoadWorkload.generate(7, 20_000, 400, 2_000);

	/**
	 * The workload split: events that would close a sequence (processes started by
	 * wsmprovhost.exe) and the rest. Sent in that order, every sequence is half done
	 * before any completes, and the closing events still come well inside the lateness
	 * horizon.
	 */
	private final List<String> opening = workload.events()
		.stream()
		.filter(event -> !event.contains("wsmprovhost.exe"))
		.toList();

	private final List<String> closing = workload.events()
		.stream()
		.filter(event -> event.contains("wsmprovhost.exe"))
		.toList();

	@BeforeAll
	static void startBroker() throws Exception {
		PostgresDatabase.create().close(); // skips the class where PostgreSQL is absent
		broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
		broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr",
				"1", "group.initial.rebalance.delay.ms", "0"));
		broker.afterPropertiesSet();
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.destroy();
		}
	}

	@AfterEach
	void stopInstances() throws Exception {
		for (Process process : processes) {
			process.destroyForcibly().waitFor();
		}
		for (ConfigurableApplicationContext instance : instances) {
			instance.close();
		}
		for (PostgresDatabase database : databases) {
			database.close();
		}
	}

	@Test
	void threeCorrelationInstancesStoreExactlyTheSingleProcessAlerts() throws Exception {
		Set<String> expected = singleProcessAlerts();
		Cluster cluster = new Cluster();
		ConfigurableApplicationContext ingest = cluster.start(ClusterRole.INGEST);
		List<ConfigurableApplicationContext> correlation = List.of(cluster.start(ClusterRole.CORRELATION),
				cluster.start(ClusterRole.CORRELATION), cluster.start(ClusterRole.CORRELATION));

		post(ingest, workload.events());

		assertThat(cluster.awaitAlerts(expected.size())).isEqualTo(expected);
		MeterRegistry ingestMetrics = ingest.getBean(MeterRegistry.class);
		double forwarded = ingestMetrics.get("vigil.cluster.candidates.forwarded").counter().count();
		assertThat(forwarded).as("candidates forwarded, of %d events", workload.events().size())
			.isPositive()
			.isLessThan(workload.events().size() / 100.0);
		double tasks = 0;
		for (ConfigurableApplicationContext instance : correlation) {
			MeterRegistry registry = instance.getBean(MeterRegistry.class);
			tasks += registry.get("vigil.cluster.tasks").gauge().value();
			assertThat(registry.get("vigil.cluster.rebalances").counter().count()).isPositive();
			assertThat(registry.find("kafka.consumer.fetch.manager.records.lag.max").gauges()).isNotEmpty();
			assertThat(instance.getBean("correlation", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.UP);
		}
		assertThat(tasks).as("every candidate partition has one task").isEqualTo(PARTITIONS);
	}

	@Test
	void aCorrelationInstanceDyingMidSequenceLosesAndDoublesNothing() throws Exception {
		Set<String> expected = singleProcessAlerts(halfDoneFirst());
		Cluster cluster = new Cluster();
		ConfigurableApplicationContext ingest = cluster.start(ClusterRole.INGEST);
		ConfigurableApplicationContext doomed = cluster.start(ClusterRole.CORRELATION);
		ConfigurableApplicationContext survivor = cluster.start(ClusterRole.CORRELATION);

		post(ingest, opening);
		MeterRegistry doomedMetrics = doomed.getBean(MeterRegistry.class);
		awaitTrue(() -> doomedMetrics.get("vigil.cluster.state.retained").gauge().value() > 0,
				"the doomed instance holds sequence state");
		assertThat(cluster.alerts()).isEmpty();
		doomed.close(); // its tasks, state and all, move to the survivor
		post(ingest, closing);

		assertThat(cluster.awaitAlerts(expected.size())).isEqualTo(expected);
		assertThat(survivor.getBean(MeterRegistry.class).get("vigil.cluster.tasks").gauge().value())
			.isEqualTo(PARTITIONS);
	}

	@Test
	void aCorrelationInstanceKilledMidTransactionLosesAndDoublesNothing() throws Exception {
		Set<String> expected = singleProcessAlerts(halfDoneFirst());
		Cluster cluster = new Cluster();
		ConfigurableApplicationContext ingest = cluster.start(ClusterRole.INGEST);
		cluster.start(ClusterRole.CORRELATION);
		int victimPort = freePort();
		Process victim = cluster.startProcess(victimPort, stateDirs.resolve("victim.log"));

		post(ingest, opening);
		awaitTrue(() -> metric(victimPort, "vigil_cluster_state_retained") > 0, "the victim holds sequence state");
		AtomicInteger batches = new AtomicInteger();
		// the closing events in small batches; the victim dies while completing sequences
		post(ingest, closing, 10, () -> {
			if (batches.incrementAndGet() == 5) {
				victim.destroyForcibly();
			}
		});

		assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(cluster.awaitAlerts(expected.size())).isEqualTo(expected);
	}

	@Test
	void eventsFromTheEventsTopicBehaveLikeEventsPostedOverHttp() throws Exception {
		Set<String> expected = singleProcessAlerts();
		Cluster cluster = new Cluster();
		ConfigurableApplicationContext instance = cluster.start(ClusterRole.BOTH);

		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
				ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < workload.events().size(); i++) {
				if (i == 100) {
					// what a misconfigured shipper might produce: skipped and counted,
					// nothing else lost
					producer.send(
							new ProducerRecord<>(cluster.topic("events"), "not json".getBytes(StandardCharsets.UTF_8)));
					producer.send(new ProducerRecord<>(cluster.topic("events"), null));
					producer.send(new ProducerRecord<>(cluster.topic("alerts"),
							"{\"not\":\"an alert\"}".getBytes(StandardCharsets.UTF_8)));
				}
				producer.send(new ProducerRecord<>(cluster.topic("events"),
						workload.events().get(i).getBytes(StandardCharsets.UTF_8)));
			}
			producer.flush();
		}

		assertThat(cluster.awaitAlerts(expected.size())).isEqualTo(expected);
		MeterRegistry registry = instance.getBean(MeterRegistry.class);
		assertThat(registry.get("vigil.events").tag("outcome", "rejected").counter().count()).isEqualTo(2);
		assertThat(registry.get("vigil.events").tag("outcome", "accepted").counter().count())
			.isEqualTo(workload.events().size());
		assertThat(registry.get("vigil.cluster.alerts.unreadable").counter().count()).isEqualTo(1);
	}

	@Test
	void aFutureDatedEventBlindsNoOtherHostBeforeOrAfterTheCorrelationTierRestarts() throws Exception {
		Cluster cluster = new Cluster();
		ConfigurableApplicationContext ingest = cluster.start(ClusterRole.INGEST);
		ConfigurableApplicationContext first = cluster.start(ClusterRole.CORRELATION);
		Http http = api(ingest);
		JsonNode poisoned = http
			.post("/api/v1/events", "application/x-ndjson",
					SeedAttack.network("far", "attacker", "\"2030-01-01T00:00:00Z\"") + "\n"
							+ SeedAttack.network("millis", "attacker-2", "4102444800000") + "\n")
			.json();
		assertThat(poisoned.get("future").asInt()).isEqualTo(2);
		assertThat(http.post("/api/v1/events", "application/x-ndjson", SeedAttack.network("inf", "a", "1e999999"))
			.json()
			.get("rejected")
			.asInt()).isEqualTo(1);
		post(ingest, SeedAttack.pair("a", "host-a", Instant.now()).lines().toList());
		assertThat(cluster.awaitAlerts(1)).hasSize(1);
		Http firstApi = api(first);
		awaitTrue(() -> firstApi.get("/api/v1/rules/" + SEED_RULE).json().get("state").get("keys_ahead").asInt() == 2,
				"the correlation task shows the two keys whose clock runs ahead");

		first.close(); // its tasks restart elsewhere, rebuilt from their changelogs
		ConfigurableApplicationContext second = cluster.start(ClusterRole.CORRELATION);
		post(ingest, SeedAttack.pair("b", "host-b", Instant.now()).lines().toList());
		assertThat(cluster.awaitAlerts(2)).hasSize(2);
		assertThat(cluster.alertedHosts()).containsExactly("host-a", "host-b");
		Http secondApi = api(second);
		assertThat(secondApi.get("/api/v1/rules/" + SEED_RULE).json().get("state").get("keys_ahead").asInt())
			.isEqualTo(2);
	}

	@Test
	void aDecoyUnderTheIdOfTheRealEventSuppressesNothingInEitherTier() throws Exception {
		Cluster cluster = new Cluster();
		ConfigurableApplicationContext ingest = cluster.start(ClusterRole.INGEST);
		ConfigurableApplicationContext correlation = cluster.start(ClusterRole.CORRELATION);
		Http http = api(ingest);
		Instant now = Instant.now();
		// decoys take the ids the real process starts will have, dated before any network
		// event:
		// one is held by the correlation tier when the real event comes, one travels in
		// the same batch
		String decoy = SeedAttack.process("held", "host-held", SeedAttack.quoted(now.minusSeconds(60)));
		assertThat(http.post("/api/v1/events", "application/x-ndjson", decoy).json().get("accepted").asInt())
			.isEqualTo(1);
		Http correlationApi = api(correlation);
		awaitTrue(() -> correlationApi.get("/api/v1/rules/" + SEED_RULE)
			.json()
			.get("state")
			.get("retained_events")
			.asInt() == 1, "the correlation tier holds the decoy");
		post(ingest, SeedAttack.pair("held", "host-held", now).lines().toList());
		post(ingest,
				List.of(SeedAttack.process("batch", "host-batch", SeedAttack.quoted(now.minusSeconds(60))),
						SeedAttack.network("batch", "host-batch", SeedAttack.quoted(now.minusSeconds(4))),
						SeedAttack.process("batch", "host-batch", SeedAttack.quoted(now))));

		assertThat(cluster.awaitAlerts(2)).hasSize(2);
		assertThat(cluster.alertedHosts()).containsExactly("host-batch", "host-held");
		assertThat(ingest.getBean(MeterRegistry.class).get("vigil.events.conflicting").counter().count()).isEqualTo(1);
		assertThat(correlation.getBean(MeterRegistry.class).get("vigil.events.conflicting").counter().count())
			.isEqualTo(1);
	}

	/** The workload with every sequence opened before any is closed. */
	private List<String> halfDoneFirst() {
		List<String> delivery = new ArrayList<>(opening);
		delivery.addAll(closing);
		return delivery;
	}

	private Set<String> singleProcessAlerts() throws Exception {
		return singleProcessAlerts(workload.events());
	}

	/**
	 * The alerts the single-process mode stores for the workload's events in this order,
	 * posted in the same batches.
	 */
	private Set<String> singleProcessAlerts(List<String> delivery) throws Exception {
		ConfigurableApplicationContext single = start(
				Map.of("spring.datasource.url", H2Settings.memoryUrl("single-" + RUNS.incrementAndGet())));
		post(single, delivery);
		Set<String> alerts = new TreeSet<>(
				single.getBean(JdbcTemplate.class).queryForList("SELECT id FROM alert", String.class));
		Set<String> hosts = new TreeSet<>(single.getBean(JdbcTemplate.class)
			.queryForList("SELECT key_value FROM alert_key WHERE key_field = 'host.id'", String.class));
		assertThat(hosts).as("the single process alerts on every true sequence and nothing else")
			.isEqualTo(workload.expectedAlertHosts());
		return alerts;
	}

	private void post(ConfigurableApplicationContext instance, List<String> events) throws Exception {
		post(instance, events, 500, () -> {
		});
	}

	/**
	 * Posts the events in batches of {@code batchSize}, running {@code between} after
	 * each batch.
	 */
	private void post(ConfigurableApplicationContext instance, List<String> events, int batchSize, Runnable between)
			throws Exception {
		int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
		for (int start = 0; start < events.size(); start += batchSize) {
			String body = String.join("\n", events.subList(start, Math.min(events.size(), start + batchSize))) + "\n";
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
					.header("Content-Type", "application/x-ndjson")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			between.run();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private boolean ready(int port) {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The sum of a metric's samples on an instance's Prometheus endpoint; 0 when it
	 * cannot be read.
	 */
	private double metric(int port, String name) {
		try {
			String text = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			return text.lines()
				.filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
				.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	private static Http api(ConfigurableApplicationContext instance) {
		return new Http(((WebServerApplicationContext) instance).getWebServer().getPort());
	}

	private static void awaitTrue(BooleanSupplier condition, String description) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waiting until " + description).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private ConfigurableApplicationContext start(Map<String, String> properties) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("server.port", "0");
		all.put("detection.tick", "1s");
		all.putAll(properties);
		// arguments, not default properties: those rank below application.properties
		ConfigurableApplicationContext context = new SpringApplicationBuilder(VigilApplication.class).run(all.entrySet()
			.stream()
			.map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new));
		instances.add(context);
		return context;
	}

	/** Instances sharing one database, one set of topics and one Streams application. */
	private final class Cluster {

		private final int run = RUNS.incrementAndGet();

		private final PostgresDatabase database = PostgresDatabase.create();

		private final JdbcTemplate jdbc = new JdbcTemplate(
				new DriverManagerDataSource(database.url(), database.user(), ""));

		private int instance;

		Cluster() {
			databases.add(database);
		}

		String topic(String name) {
			return "vigil-" + name + "-" + run;
		}

		ConfigurableApplicationContext start(ClusterRole role) throws Exception {
			return ClusterIntegrationTests.this.start(properties(role));
		}

		/**
		 * A correlation instance in a process of its own, on the test's class path, so
		 * that it can be killed (SIGKILL) in the middle of a transaction.
		 */
		Process startProcess(int port, Path log) throws Exception {
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
							System.getProperty("java.class.path"), VigilApplication.class.getName()));
			properties(ClusterRole.CORRELATION).forEach((name, value) -> command.add("--" + name + "=" + value));
			command.add("--server.port=" + port);
			command.add("--detection.tick=1s");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			processes.add(process);
			awaitTrue(() -> ready(port), "the instance in its own process is ready");
			return process;
		}

		private Map<String, String> properties(ClusterRole role) throws IOException {
			Map<String, String> properties = new HashMap<>();
			properties.put("cluster.enabled", "true");
			properties.put("cluster.role", role.name().toLowerCase());
			properties.put("cluster.partitions", Integer.toString(PARTITIONS));
			properties.put("cluster.topics.events", topic("events"));
			properties.put("cluster.topics.candidates", topic("candidates"));
			properties.put("cluster.topics.alerts", topic("alerts"));
			properties.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
			properties.put("spring.kafka.streams.application-id", "vigil-correlation-" + run);
			properties.put("spring.kafka.streams.state-dir",
					Files.createDirectories(stateDirs.resolve("instance-" + instance++)).toString());
			properties.put("spring.datasource.url", database.url());
			properties.put("spring.datasource.username", database.user());
			return properties;
		}

		/** The hosts of the stored alerts, in order. */
		List<String> alertedHosts() {
			return jdbc.queryForList("SELECT key_value FROM alert_key WHERE key_field = 'host.id' ORDER BY key_value",
					String.class);
		}

		Set<String> alerts() {
			return new TreeSet<>(jdbc.queryForList("SELECT id FROM alert", String.class));
		}

		/**
		 * The stored alert ids, once there are at least {@code count} and no more arrive
		 * for a few seconds.
		 */
		Set<String> awaitAlerts(int count) throws Exception {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
			Set<String> alerts = alerts();
			while (alerts.size() < count && System.nanoTime() < deadline) {
				Thread.sleep(250);
				alerts = alerts();
			}
			Thread.sleep(3_000); // an extra alert would have arrived by now
			return alerts();
		}

	}

}
