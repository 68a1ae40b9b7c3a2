package io.vigil.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.vigil.engine.Detection;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineEvent;
import io.vigil.engine.EngineSettings;
import io.vigil.engine.EventReader;
import io.vigil.rules.RuleCatalogue;
import io.vigil.rules.RuleLoader;
import io.vigil.support.H2Settings;
import io.vigil.support.LoadWorkload;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end load benchmark: starts the packaged jar, posts a generated workload over HTTP as
 * 1,000-event batches with N connections, then checks that the stored alerts are exactly the
 * expected ones (a run that detects wrongly is void) and reports throughput, batch latency, CPU,
 * heap and RSS.
 * <p>
 * Arguments are {@code name=value}: {@code jar}, {@code db} (h2 or a PostgreSQL JDBC URL),
 * {@code events}, {@code hosts}, {@code connections}, {@code batch}, {@code format} (ndjson or
 * bulk), {@code gzip}, {@code rate} (events/s to pace at; 0 for as fast as possible),
 * {@code heap}, {@code seed}, {@code out} (a directory for the NDJSON and expected alerts),
 * {@code jfr} (a file for a Flight Recorder profile of the server), {@code minutes} (a timed run:
 * rounds of {@code events} events, each with hosts and times of its own, until the time is up),
 * {@code kafka} (a bootstrap address: the server runs in clustered mode, and the alerts are awaited
 * from the alerts topic before they are checked), {@code role} (with {@code kafka}: {@code both},
 * the default, or {@code ingest}, which measures an ingest-only server and starts a correlation-only
 * one beside it, on port 18094, to store the alerts), {@code rules} (rule directories, comma-separated,
 * copied into one directory the server loads instead of {@code ./rules}: the seed rule with the whole
 * catalogue is {@code rules=rules,../shared/corpus/detection-rules-eql}).
 */
public final class LoadBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SEED_RULE = "2772264c-6fb9-4d9d-9014-b416eed21254";

	private LoadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>(Map.of("events", "1000000", "hosts", "100000",
				"connections", "4", "batch", "1000", "format", "ndjson", "gzip", "false", "rate", "0", "heap", "2g",
				"seed", "42", "db", "h2"));
		for (String arg : args) {
			int eq = arg.indexOf('=');
			options.put(arg.substring(0, eq), arg.substring(eq + 1));
		}
		int events = Integer.parseInt(options.get("events"));
		int batchSize = Integer.parseInt(options.get("batch"));
		boolean bulk = options.get("format").equals("bulk");
		boolean gzip = Boolean.parseBoolean(options.get("gzip"));
		int connections = Integer.parseInt(options.get("connections"));
		long rate = Long.parseLong(options.get("rate"));

		int hosts = Integer.parseInt(options.get("hosts"));
		long seed = Long.parseLong(options.get("seed"));
		double minutes = Double.parseDouble(options.getOrDefault("minutes", "0"));
		BatchSource source;
		Set<String> otherRulesExpected = Set.of();
		if (minutes > 0) {
			source = new BatchSource(round -> LoadWorkload.generate(seed + round, events, hosts, 200, "r" + round + "-",
					LoadWorkload.START.plusMillis(round * (events + 5_000L) * LoadWorkload.MILLIS_PER_EVENT)),
					batchSize, bulk, gzip, (long) (minutes * 60_000));
			System.out.printf("workload: rounds of %,d events for %.1f minutes%n", events, minutes);
		}
		else {
			LoadWorkload workload = LoadWorkload.generate(seed, events, hosts, 200);
			if (options.containsKey("out")) {
				Path out = Path.of(options.get("out"));
				Files.createDirectories(out);
				Files.write(out.resolve("events.ndjson"), workload.events());
				Files.write(out.resolve("expected-alerts.txt"), workload.expectedAlertHosts());
			}
			long bytes = workload.events().stream().mapToLong(String::length).sum();
			System.out.printf("workload: %,d events (%,d bytes, %d B/event), %d expected alerts%n", events, bytes,
					bytes / events, workload.expectedAlertHosts().size());
			source = new BatchSource(round -> workload, batchSize, bulk, gzip, 0);
			if (options.containsKey("rules")) {
				otherRulesExpected = referenceAlerts(options.get("rules"), workload.events());
				System.out.printf("reference: %,d alerts of other rules than the seed rule%n", otherRulesExpected.size());
			}
		}

		Path work = Files.createTempDirectory("vigil-load");
		String datasource = options.get("db").equals("h2") ? H2Settings.fileUrl(work) : options.get("db");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx" + options.get("heap")));
		if (options.containsKey("jfr")) {
			command.add("-XX:StartFlightRecording=filename=" + options.get("jfr") + ",settings=profile");
		}
		if (options.containsKey("rules")) {
			command.add("-Ddetection.rules-dir=" + copyRules(options.get("rules"), work.resolve("rules")));
		}
		command.addAll(List.of("-jar", options.get("jar"), "--server.port=18093", "--spring.datasource.url=" + datasource,
				"--spring.datasource.username=" + (datasource.startsWith("jdbc:postgresql") ? "postgres" : "sa"),
				"--ingest.max-concurrent-batches=" + Math.max(16, connections)));
		String kafka = options.get("kafka");
		String role = options.getOrDefault("role", "both");
		List<String> correlatorCommand = null;
		if (kafka != null) {
			String run = Long.toString(System.currentTimeMillis(), 36);
			List<String> cluster = List.of("--cluster.enabled=true", "--spring.kafka.bootstrap-servers=" + kafka,
					"--cluster.topics.events=vigil-events-" + run, "--cluster.topics.candidates=vigil-candidates-" + run,
					"--cluster.topics.alerts=vigil-alerts-" + run, "--spring.kafka.streams.application-id=vigil-load-" + run);
			command.addAll(cluster);
			command.addAll(List.of("--cluster.role=" + role, "--spring.kafka.streams.state-dir=" + work.resolve("streams")));
			if (role.equals("ingest")) {
				correlatorCommand = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"-Xmx1g", "-jar", options.get("jar"), "--server.port=18094", "--spring.datasource.url=" + datasource,
						"--spring.datasource.username=" + (datasource.startsWith("jdbc:postgresql") ? "postgres" : "sa"),
						"--cluster.role=correlation", "--spring.kafka.streams.state-dir=" + work.resolve("correlator")));
				correlatorCommand.addAll(cluster);
			}
		}
		boolean correct = false;
		Process server = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(work.resolve("server.log").toFile())
			.start();
		Process correlator = null;
		try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
			awaitReady(http, 18093);
			if (correlatorCommand != null) {
				correlator = new ProcessBuilder(correlatorCommand).redirectErrorStream(true)
					.redirectOutput(work.resolve("correlator.log").toFile())
					.start();
				awaitReady(http, 18094);
			}
			Sampler sampler = new Sampler(http);
			Thread.ofPlatform().daemon().start(sampler);
			long cpuBefore = cpuMillis(server.pid());
			List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
			AtomicLong accepted = new AtomicLong();
			long started = System.nanoTime();
			source.start();
			try (ExecutorService senders = Executors.newFixedThreadPool(connections)) {
				List<Future<?>> done = new ArrayList<>();
				for (int c = 0; c < connections; c++) {
					done.add(senders.submit(() -> {
						for (BatchSource.Batch batch = source.next(); batch != null; batch = source.next()) {
							if (rate > 0) {
								long due = started + batch.number() * batchSize * 1_000_000_000L / rate;
								long wait = due - System.nanoTime();
								if (wait > 0) {
									Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
								}
							}
							long sent = System.nanoTime();
							JsonNode result = send(http, batch.body(), bulk, gzip);
							latencies.add(System.nanoTime() - sent);
							accepted.addAndGet(bulk ? countCreated(result) : result.get("accepted").asLong());
						}
						return null;
					}));
				}
				for (Future<?> future : done) {
					future.get();
				}
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			long cpu = cpuMillis(server.pid()) - cpuBefore;
			sampler.stop();
			if (minutes > 0) {
				System.out.println("heap floor per minute (MiB): " + sampler.heapFloorPerMinute());
			}
			Map<String, Integer> stored = kafka == null ? storedAlerts(http)
					: awaitStoredAlerts(http, source.expectedAlertHosts().size());
			if (kafka != null) {
				double forwarded = candidatesForwarded(http);
				System.out.printf("candidates forwarded: %,.0f of %,d events (%.3f %%)%n", forwarded, accepted.get(),
						100 * forwarded / accepted.get());
			}
			Set<String> expected = new TreeSet<>(source.expectedAlertHosts());
			expected.addAll(otherRulesExpected);
			Set<String> unexpected = new TreeSet<>(stored.keySet());
			unexpected.removeAll(expected);
			Set<String> missing = new TreeSet<>(expected);
			missing.removeAll(stored.keySet());
			boolean doubled = stored.values().stream().anyMatch(count -> count > 1);
			long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
			System.out.printf(
					"result: %s, %s%s, %d connections%s: %,.0f events/s (%,d accepted in %.1f s), %,.1f alerts/s; "
							+ "batch latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms; server CPU %.2f cores; "
							+ "peak heap %d MiB, peak RSS %d MiB%n",
					options.get("db").equals("h2") ? "H2" : "PostgreSQL", options.get("format"), gzip ? "+gzip" : "",
					connections, rate > 0 ? ", paced at " + rate + " events/s" : "", accepted.get() / seconds,
					accepted.get(), seconds, stored.size() / seconds, percentile(sorted, 50),
					percentile(sorted, 95), percentile(sorted, 99), sorted[sorted.length - 1] / 1e6,
					cpu / 1000.0 / seconds, sampler.peakHeapMiB(), peakRssMiB(server.pid()));
			correct = accepted.get() == source.events() && missing.isEmpty() && unexpected.isEmpty() && !doubled;
			if (correct) {
				System.out.printf("correct: the %d stored alerts are exactly the expected ones%n", stored.size());
			}
			else {
				System.out.printf("VOID: accepted %d of %d; missing alerts %s; unexpected alerts %s; doubled %s%n",
						accepted.get(), source.events(), first(missing), first(unexpected), doubled);
			}
		}
		finally {
			server.destroy();
			server.waitFor();
			if (correlator != null) {
				correlator.destroy();
				correlator.waitFor();
			}
		}
		reportStorage(datasource, work);
		if (!correct) {
			System.exit(1);
		}
	}

	/**
	 * What the database holds once the server has stopped: rows per table (which must follow the
	 * correlation state and the alerts, not the events received) and its size on disk.
	 */
	private static void reportStorage(String datasource, Path work) throws Exception {
		boolean h2 = datasource.startsWith("jdbc:h2");
		try (Connection connection = DriverManager.getConnection(datasource, h2 ? "sa" : "postgres", "")) {
			StringBuilder rows = new StringBuilder();
			try (ResultSet tables = connection.createStatement().executeQuery("SELECT table_name FROM "
					+ "information_schema.tables WHERE table_schema = " + (h2 ? "'public'" : "current_schema()")
					+ " AND table_type IN ('BASE TABLE', 'TABLE') ORDER BY table_name")) {
				while (tables.next()) {
					String table = tables.getString(1);
					try (ResultSet count = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
						count.next();
						rows.append(rows.isEmpty() ? "" : ", ").append(table).append(' ').append(count.getLong(1));
					}
				}
			}
			long bytes;
			if (h2) {
				bytes = Files.size(work.resolve("vigil.mv.db"));
			}
			else {
				try (ResultSet size = connection.createStatement()
					.executeQuery("SELECT pg_database_size(current_database())")) {
					size.next();
					bytes = size.getLong(1);
				}
			}
			System.out.printf("storage: %s; database %,d MiB%n", rows, bytes >> 20);
		}
	}

	private static JsonNode send(HttpClient http, byte[] body, boolean bulk, boolean gzip) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:18093" + (bulk ? "/_bulk" : "/api/v1/events")))
			.header("Content-Type", "application/x-ndjson")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (gzip) {
			request.header("Content-Encoding", "gzip");
		}
		for (int attempt = 0;; attempt++) {
			HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() == 200) {
				return JSON.readTree(response.body());
			}
			if (response.statusCode() != 429 || attempt > 1000) {
				throw new IllegalStateException("HTTP " + response.statusCode() + ": "
						+ new String(response.body(), StandardCharsets.UTF_8));
			}
			Thread.sleep(20);
		}
	}

	private static long countCreated(JsonNode bulkResponse) {
		long created = 0;
		for (JsonNode item : bulkResponse.get("items")) {
			if (item.get("create").get("status").asInt() == 201) {
				created++;
			}
		}
		return created;
	}

	private static double candidatesForwarded(HttpClient http) throws Exception {
		String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:18093/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		return metrics.lines()
			.filter(line -> line.startsWith("vigil_cluster_candidates_forwarded_total"))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	/** Clustered mode stores alerts asynchronously: waits for the expected number, then a little longer for extras. */
	private static Map<String, Integer> awaitStoredAlerts(HttpClient http, int expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		Map<String, Integer> stored = storedAlerts(http);
		while (stored.values().stream().mapToInt(Integer::intValue).sum() < expected && System.nanoTime() < deadline) {
			Thread.sleep(500);
			stored = storedAlerts(http);
		}
		Thread.sleep(3_000);
		return storedAlerts(http);
	}

	/**
	 * The alerts of every rule but the seed rule (whose alerts the workload names by construction),
	 * as one serial evaluation in this process finds them: the same rules, the events in delivery
	 * order, in batches of 1,000. The server, with its concurrent batches, must store exactly these.
	 */
	private static Set<String> referenceAlerts(String directories, List<String> events) throws IOException {
		Path rules = copyRules(directories, Files.createTempDirectory("vigil-reference-rules"));
		RuleCatalogue catalogue = RuleLoader.load(rules);
		DetectionEngine engine = new DetectionEngine(catalogue.files(), catalogue.slots(), EngineSettings.DEFAULTS,
				Clock.systemUTC());
		EventReader reader = new EventReader(catalogue.slots());
		Set<String> expected = new TreeSet<>();
		Instant now = Instant.now();
		for (int start = 0; start < events.size(); start += 1000) {
			List<EngineEvent> batch = new ArrayList<>();
			for (int i = start; i < Math.min(events.size(), start + 1000); i++) {
				batch.add(reader.read(JSON.readTree(events.get(i)), events.get(i), null, null, now).event().arrived(i));
			}
			for (Detection detection : engine.process(batch).detections()) {
				if (!detection.rule().ruleId().equals(SEED_RULE)) {
					expected.add("rule " + detection.rule().ruleId() + " " + detection.id());
				}
			}
		}
		return expected;
	}

	/** Copies the rule files of each directory, keeping their relative paths, into one directory. */
	private static Path copyRules(String directories, Path target) throws IOException {
		for (String directory : directories.split(",")) {
			Path from = Path.of(directory);
			try (var files = Files.walk(from)) {
				for (Path file : files.filter(path -> path.toString().endsWith(".toml")).toList()) {
					Path to = target.resolve(from.getFileName().toString()).resolve(from.relativize(file).toString());
					Files.createDirectories(to.getParent());
					Files.copy(file, to);
				}
			}
		}
		return target;
	}

	/**
	 * The stored alerts: the seed rule's by host (what the workload's expectation names), every
	 * other rule's by rule and alert id.
	 */
	private static Map<String, Integer> storedAlerts(HttpClient http) throws Exception {
		Map<String, Integer> hosts = new HashMap<>();
		String cursor = "";
		while (true) {
			HttpResponse<byte[]> response = http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:18093/api/v1/alerts?limit=1000&cursor=" + cursor))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			JsonNode page = JSON.readTree(response.body());
			for (JsonNode alert : page.get("alerts")) {
				String ruleId = alert.get("rule").get("rule_id").asString();
				hosts.merge(ruleId.equals(SEED_RULE) ? alert.get("keys").get("host.id").asString()
						: "rule " + ruleId + " " + alert.get("id").asString(), 1, Integer::sum);
			}
			cursor = page.get("next_cursor").asString();
			if (!page.get("has_more").asBoolean()) {
				return hosts;
			}
		}
	}

	private static void awaitReady(HttpClient http, int port) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("the service did not become ready");
	}

	private static double percentile(long[] sorted, int p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)] / 1e6;
	}

	private static String first(Set<String> hosts) {
		return hosts.stream().limit(5).toList() + (hosts.size() > 5 ? " and " + (hosts.size() - 5) + " more" : "");
	}

	/** User plus system CPU time of a process, from /proc. */
	private static long cpuMillis(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * 10; // USER_HZ is 100 on Linux
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long peakRssMiB(long pid) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmHWM:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
			}
		}
		return -1;
	}

	/** Samples the server's heap from its Prometheus endpoint. */
	private static final class Sampler implements Runnable {

		private final HttpClient http;

		private volatile boolean running = true;

		private volatile long peakHeapBytes;

		private final long startedAt = System.nanoTime();

		/**
		 * The lowest heap use sampled in each minute: what is left right after a young collection,
		 * so a steady floor means retained state does not grow.
		 */
		private final Map<Integer, Long> floor = new ConcurrentSkipListMap<>();

		Sampler(HttpClient http) {
			this.http = http;
		}

		@Override
		public void run() {
			while (running) {
				try {
					String metrics = http.send(
							HttpRequest.newBuilder(URI.create("http://127.0.0.1:18093/actuator/prometheus")).build(),
							HttpResponse.BodyHandlers.ofString()).body();
					long heap = metrics.lines()
						.filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
						.mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
						.sum();
					peakHeapBytes = Math.max(peakHeapBytes, heap);
					int minute = (int) ((System.nanoTime() - startedAt) / 60_000_000_000L);
					floor.merge(minute, heap >> 20, Math::min);
					Thread.sleep(250);
				}
				catch (IOException ex) {
					// a sample missed under load; the next one counts
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		void stop() {
			running = false;
		}

		Collection<Long> heapFloorPerMinute() {
			return floor.values();
		}

		long peakHeapMiB() {
			return peakHeapBytes / (1 << 20);
		}

	}

}
