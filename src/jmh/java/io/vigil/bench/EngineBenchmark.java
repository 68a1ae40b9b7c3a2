package io.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.vigil.diagnostics.SourceText;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineEvent;
import io.vigil.engine.EngineSettings;
import io.vigil.engine.EventReader;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleLoader;
import io.vigil.rules.RuleStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine on events whose values were extracted beforehand: the seed rule plus 50 corpus rules,
 * 100,000 hosts, 1% of the events matching a stage of some sequence. One operation is one event;
 * events are fed in batches of 1,000 on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EngineBenchmark {

	static final int BATCH = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Corpus rules loaded beside the seed rule. */
	@Param("50")
	public int corpusRules;

	private DetectionEngine engine;

	private List<List<EngineEvent>> batches;

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		List<SourceText> sources = new ArrayList<>();
		Path seed = Path.of("rules/windows/lateral_movement_powershell_remoting_target.toml");
		sources.add(new SourceText(seed.toString(), Files.readString(seed)));
		try (Stream<Path> corpus = Files.walk(Path.of("../shared/corpus/detection-rules-eql/rules/windows"))) {
			for (Path file : corpus.filter(path -> path.toString().endsWith(".toml")).sorted().limit(corpusRules).toList()) {
				sources.add(new SourceText(file.toString(), Files.readString(file)));
			}
		}
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		List<RuleFile> rules = RuleLoader.load(sources, slots);
		if (rules.stream().filter(rule -> rule.status() == RuleStatus.LOADED).count() != corpusRules + 1) {
			throw new IllegalStateException("expected every rule to load");
		}
		engine = new DetectionEngine(rules, slots, EngineSettings.DEFAULTS, Clock.systemUTC());
		EventReader reader = new EventReader(slots);
		batches = new ArrayList<>();
		Random random = new Random(42);
		Instant start = Instant.parse("2024-05-14T08:00:00Z");
		long arrival = 0;
		for (int b = 0; b < 200; b++) {
			List<EngineEvent> batch = new ArrayList<>(BATCH);
			for (int i = 0; i < BATCH; i++) {
				String host = "host-" + random.nextInt(100_000);
				Instant at = start.plusMillis(arrival * 5);
				String json = random.nextInt(100) == 0 ? Workload.attackNetwork(host, at) : Workload.noise(host, at, random);
				batch.add(reader.read(JSON.readTree(json), json, null, null, at).event().arrived(arrival++));
			}
			batches.add(batch);
		}
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public int events() {
		List<EngineEvent> batch = batches.get(next++ % batches.size());
		return engine.process(batch).detections().size();
	}

}
