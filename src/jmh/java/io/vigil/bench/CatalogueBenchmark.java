package io.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import io.vigil.support.LoadWorkload;
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
 * The engine with the whole rule catalogue (the seed rule and every EQL rule of
 * {@code ../shared/corpus/detection-rules-eql}) on the load benchmark's workload, values extracted
 * beforehand: what the service's engine costs per event when users point it at detection-rules.
 * Each iteration starts from an empty engine and feeds the events in delivery order, in batches of
 * 1,000 on one thread; one operation is one event. Iterations must end before the events do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CatalogueBenchmark {

	static final int BATCH = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Events generated (and read) once per trial; an iteration must not use them all. */
	@Param("400000")
	public int events;

	private List<RuleFile> rules;

	private FieldSlots slots;

	private List<List<EngineEvent>> batches;

	private DetectionEngine engine;

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		List<SourceText> sources = new ArrayList<>();
		for (Path directory : List.of(Path.of("rules"), Path.of("../shared/corpus/detection-rules-eql"))) {
			try (Stream<Path> files = Files.walk(directory)) {
				for (Path file : files.filter(path -> path.toString().endsWith(".toml")).sorted().toList()) {
					sources.add(new SourceText(file.toString(), Files.readString(file)));
				}
			}
		}
		slots = new FieldSlots(FieldSchema.ecs());
		rules = RuleLoader.load(sources, slots);
		long loaded = rules.stream().filter(rule -> rule.status() == RuleStatus.LOADED).count();
		if (loaded < 500) {
			throw new IllegalStateException("expected the whole catalogue to load, got " + loaded + " rules");
		}
		EventReader reader = new EventReader(slots);
		List<String> workload = LoadWorkload.generate(7, events, 100_000, 200).events();
		Instant now = Instant.now();
		batches = new ArrayList<>();
		for (int start = 0; start < workload.size(); start += BATCH) {
			List<EngineEvent> batch = new ArrayList<>(BATCH);
			for (int i = start; i < Math.min(workload.size(), start + BATCH); i++) {
				String json = workload.get(i);
				batch.add(reader.read(JSON.readTree(json), json, null, null, now).event().arrived(i));
			}
			batches.add(batch);
		}
	}

	@Setup(Level.Iteration)
	public void emptyEngine() {
		engine = new DetectionEngine(rules, slots, EngineSettings.DEFAULTS, Clock.systemUTC());
		next = 0;
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public int events() {
		if (next == batches.size()) {
			throw new IllegalStateException("the iteration outran the events: raise -p events");
		}
		return engine.process(batches.get(next++)).detections().size();
	}

}
