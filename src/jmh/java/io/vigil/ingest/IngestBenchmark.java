package io.vigil.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vigil.bench.WorkloadAccess;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineSettings;
import io.vigil.engine.EventReader;
import io.vigil.rules.RuleCatalogue;
import io.vigil.rules.RuleLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

/**
 * The in-process ingest path, from the bytes of a 1,000-event NDJSON batch to events evaluated
 * against the seed rule (no database), beside plain Jackson {@code readTree} of the same bytes.
 * One operation is one event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IngestBenchmark {

	private static final int EVENTS = 1000;

	/**
	 * Whether events carry {@code event.id} (as Elastic Defend's do); without it each event's
	 * identity is a SHA-256 of its bytes.
	 */
	@Param({ "true", "false" })
	public boolean eventIds;

	private final JsonMapper plain = JsonMapper.builder().build();

	private byte[] batch;

	private EventBatchReader reader;

	private DetectionEngine engine;

	private final AtomicLong arrivals = new AtomicLong();

	@Setup
	public void setUp() throws IOException {
		RuleCatalogue catalogue = RuleLoader.load(Path.of("rules"));
		engine = new DetectionEngine(catalogue.files(), catalogue.slots(), EngineSettings.DEFAULTS, Clock.systemUTC());
		reader = new EventBatchReader(new IngestProperties(DataSize.ofMegabytes(100), DataSize.ofMegabytes(200), 100_000,
				64, 1 << 20, 10_000, 16, Duration.ofSeconds(60), "8.17.0", true), new EventReader(catalogue.slots()), Clock.systemUTC());
		Random random = new Random(42);
		StringBuilder ndjson = new StringBuilder();
		Instant start = Instant.parse("2024-05-14T08:00:00Z");
		for (int i = 0; i < EVENTS; i++) {
			String host = "host-" + random.nextInt(100_000);
			String event = WorkloadAccess.event(host, start.plusMillis(i), random);
			if (eventIds) {
				event = event.replace("\"event\":{", "\"event\":{\"id\":\"%016x\",".formatted(random.nextLong()));
			}
			ndjson.append(event).append('\n');
		}
		batch = ndjson.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int readTree() throws IOException {
		int count = 0;
		try (MappingIterator<JsonNode> trees = plain.readerFor(JsonNode.class).readValues(batch)) {
			while (trees.hasNext()) {
				count += trees.next().size();
			}
		}
		return count;
	}

	@Benchmark
	@OperationsPerInvocation(EVENTS)
	public int ingest() {
		return engine.process(reader.read(RequestBodyReader.requireUtf8(batch), null).arrive(arrivals)).detections().size();
	}

}
