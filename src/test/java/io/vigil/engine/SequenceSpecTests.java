package io.vigil.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every sequence spec case through the engine: in order as one batch and one event
 * per batch (exactly the expected sequences), and in shuffled arrival orders (every
 * expected sequence, none twice: a late event may only add sequences, never lose one).
 */
class SequenceSpecTests {

	/**
	 * The specs the files hold today: fewer means a file or its cases stopped being read.
	 */
	private static final int SPECS = 52;

	@TestFactory
	Stream<DynamicNode> sequenceSpecs() throws IOException {
		List<Path> files = SequenceSpec.files().toList();
		assertThat(files.stream().mapToInt(file -> SequenceSpec.load(file).size()).sum()).as("sequence specs")
			.isGreaterThanOrEqualTo(SPECS);
		return files.stream()
			.map(file -> DynamicContainer.dynamicContainer(file.getFileName().toString(), SequenceSpec.load(file)
				.stream()
				.map(spec -> DynamicContainer.dynamicContainer(spec.name(), Stream.of(
						DynamicTest.dynamicTest("in order, one batch", () -> inOrder(spec, true)),
						DynamicTest.dynamicTest("in order, event by event", () -> inOrder(spec, false)),
						DynamicTest.dynamicTest("shuffled arrivals", () -> shuffled(spec)),
						DynamicTest.dynamicTest("forwarded to partitions by join key", () -> partitioned(spec)))))));
	}

	private static void inOrder(SequenceSpec spec, boolean oneBatch) {
		assertThat(run(spec, spec.events(), oneBatch)).as(spec.query())
			.containsExactlyElementsOf(sorted(spec.expectedIds()));
	}

	private static void shuffled(SequenceSpec spec) {
		for (long seed = 1; seed <= 20; seed++) {
			List<JsonNode> events = new ArrayList<>(spec.events());
			Collections.shuffle(events, new Random(seed));
			List<String> found = run(spec, events, seed % 2 == 0);
			assertThat(found).as("arrival order %s", events.stream().map(e -> e.get("id").asString()).toList())
				.containsAll(spec.expectedIds())
				.doesNotHaveDuplicates();
		}
	}

	/**
	 * As clustered mode runs it: a stateless engine forwards candidates per rule and join
	 * key, and each of three partitions, with an engine of its own, evaluates the
	 * candidates routed to it.
	 */
	private static void partitioned(SequenceSpec spec) {
		int partitions = 3;
		SequenceSpec.Compiled ingest = spec.engine();
		List<DetectionEngine> correlation = new ArrayList<>();
		for (int p = 0; p < partitions; p++) {
			correlation.add(spec.engine().engine());
		}
		List<Detection> detections = new ArrayList<>();
		for (EngineEvent event : ingest.read(spec.events())) {
			DetectionEngine.Forwarded forwarded = ingest.engine().forward(List.of(event));
			detections.addAll(forwarded.detections());
			for (Candidate candidate : forwarded.candidates()) {
				DetectionEngine owner = correlation.get(Math.floorMod(candidate.key().hashCode(), partitions));
				detections.addAll(owner
					.correlate(candidate.rule().ruleId(), candidate.event(), key -> key.equals(candidate.key()))
					.detections());
			}
		}
		correlation.forEach(engine -> detections.addAll(engine.finish().detections()));
		assertThat(sorted(detections.stream().map(spec::describe).toList())).as(spec.query())
			.containsExactlyElementsOf(sorted(spec.expectedIds()));
	}

	/**
	 * Detections of the case, sorted by last event then key, as Elasticsearch orders
	 * sequences.
	 */
	static List<String> run(SequenceSpec spec, List<JsonNode> events, boolean oneBatch) {
		SequenceSpec.Compiled compiled = spec.engine();
		DetectionEngine engine = compiled.engine();
		List<EngineEvent> read = compiled.read(events);
		List<Detection> detections = new ArrayList<>();
		if (oneBatch) {
			detections.addAll(engine.process(read).detections());
		}
		else {
			read.forEach(event -> detections.addAll(engine.process(List.of(event)).detections()));
		}
		detections.addAll(engine.finish().detections());
		return sorted(detections.stream().map(spec::describe).toList());
	}

	private static List<String> sorted(List<String> entries) {
		return entries.stream().sorted(SequenceSpec.BY_LAST_EVENT).toList();
	}

}
