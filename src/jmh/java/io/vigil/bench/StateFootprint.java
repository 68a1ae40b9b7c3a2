package io.vigil.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineEvent;
import io.vigil.engine.EngineSettings;
import io.vigil.engine.EventReader;
import io.vigil.rules.RuleCatalogue;
import io.vigil.rules.RuleLoader;
import io.vigil.rules.RuleState;
import tools.jackson.databind.json.JsonMapper;

/**
 * Heap retained per open partial sequence: the seed rule, N hosts each with the first stage of
 * the attack (1 KB Elastic Defend events) and no second stage, so every host holds one partial.
 * Run with the heap the target names ({@code -Xmx3g}) and N = 1,000,000.
 */
public final class StateFootprint {

	private StateFootprint() {
	}

	public static void main(String[] args) {
		int partials = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
		RuleCatalogue catalogue = RuleLoader.load(Path.of("rules"));
		DetectionEngine engine = new DetectionEngine(catalogue.files(), catalogue.slots(),
				new EngineSettings(Duration.ofDays(1), 10_000, 10_000_000, Duration.ofMinutes(2)), Clock.systemUTC());
		EventReader reader = new EventReader(catalogue.slots());
		JsonMapper json = JsonMapper.builder().build();
		long before = usedHeap();
		Instant start = Instant.parse("2024-05-14T08:00:00Z");
		long eventBytes = 0;
		for (int batch = 0; batch < partials / 1000; batch++) {
			List<EngineEvent> events = new ArrayList<>(1000);
			for (int i = 0; i < 1000; i++) {
				int n = batch * 1000 + i;
				String event = Workload.attackNetworkKilobyte("host-" + n, start.plusMillis(n));
				eventBytes += event.getBytes(StandardCharsets.UTF_8).length;
				events.add(reader.read(json.readTree(event), event, null, null, start).event().arrived(n));
			}
			engine.process(events);
		}
		long after = usedHeap();
		RuleState stats = engine.stats().getFirst();
		long perPartial = (after - before) / stats.openKeys();
		System.out.printf("open partials: %,d (retained events %,d)%n", stats.openKeys(), stats.retainedEvents());
		System.out.printf("heap retained: %,d MiB, %,d bytes per partial; event JSON %,d bytes (%.2fx)%n",
				(after - before) >> 20, perPartial, eventBytes / partials, (double) perPartial / (eventBytes / partials));
		System.out.printf("max heap: %,d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
	}

	private static long usedHeap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

}
