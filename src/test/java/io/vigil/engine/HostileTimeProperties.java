package io.vigil.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.vigil.diagnostics.SourceText;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleLoader;
import io.vigil.support.RuleTexts;
import io.vigil.support.SettableClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever times hostile events carry (far future, far past, the ends of the accepted
 * range, on hosts of their own, in indices no rule reads), the alerts on every other host
 * are exactly those produced without them: for sequences, for a trailing missing-event
 * stage that waits on time, and for samples.
 */
class HostileTimeProperties {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

	private static final List<String> QUERIES = List.of(
			"sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2] [any where stage == 3]",
			"sequence by k with maxspan=30s [any where stage == 1] [any where stage == 2] ![any where stage == 3]",
			"sample by k [any where stage == 1] [any where stage == 2]");

	private static final List<Instant> HOSTILE_TIMES = List.of(Instant.parse("9999-12-31T23:59:59.999Z"),
			Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"),
			Instant.parse("1970-01-01T00:00:00Z"), NOW.plus(Duration.ofMinutes(30)), NOW.plus(Duration.ofMinutes(3)),
			NOW.minus(Duration.ofMinutes(30)), NOW.minus(Duration.ofDays(1)));

	@Property(tries = 200)
	void hostileTimestampsChangeNoOtherHostsAlerts(@ForAll("batches") List<List<Generated>> batches) {
		for (String query : QUERIES) {
			List<String> without = run(query, batches, false);
			List<String> with = run(query, batches, true);
			assertThat(with).as(query).containsExactlyElementsOf(without);
		}
	}

	/** The detections on normal hosts, in the order produced. */
	private static List<String> run(String query, List<List<Generated>> batches, boolean hostile) {
		SettableClock wall = new SettableClock(NOW);
		SequenceSpec.Compiled compiled = engine(query, wall);
		DetectionEngine engine = compiled.engine();
		List<Detection> detections = new ArrayList<>();
		for (List<Generated> batch : batches) {
			List<EngineEvent> events = batch.stream()
				.filter(event -> hostile || !event.hostile())
				.map(event -> event.read(compiled.reader()))
				.toList();
			detections.addAll(engine.process(events).detections());
			wall.advance(Duration.ofSeconds(20));
			detections.addAll(engine.advance().detections());
		}
		wall.advance(Duration.ofMinutes(20));
		detections.addAll(engine.advance().detections());
		return detections.stream()
			.filter(detection -> detection.keys().getFirst().value().toString().startsWith("n"))
			.map(detection -> detection.keys() + " "
					+ detection.events().stream().map(member -> member.missing() ? "-" : member.event().id()).toList())
			.toList();
	}

	@Provide
	Arbitrary<List<List<Generated>>> batches() {
		Arbitrary<Generated> normal = Combinators
			.combine(Arbitraries.integers().between(-1200, -30), Arbitraries.of("n1", "n2", "n3"),
					Arbitraries.integers().between(1, 3))
			.as((second, key, stage) -> new Generated(NOW.plusSeconds(second), key, stage, null, false));
		Arbitrary<Generated> hostile = Combinators
			.combine(Arbitraries.of(HOSTILE_TIMES), Arbitraries.of("h1", "h2"), Arbitraries.integers().between(1, 3),
					Arbitraries.of("logs-endpoint", "other-logs").injectNull(0.5))
			.as((at, key, stage, index) -> new Generated(at, key, stage, index, true));
		return Arbitraries.oneOf(normal, normal, hostile).list().ofMaxSize(8).list().ofMaxSize(8);
	}

	private static SequenceSpec.Compiled engine(String query, SettableClock wall) {
		String toml = RuleTexts.eql("hostile", "Hostile", query).replace("[rule]\n", "[rule]\nindex = [\"logs-*\"]\n");
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		List<RuleFile> files = new ArrayList<>(RuleLoader.load(List.of(new SourceText("hostile.toml", toml)), slots));
		DetectionEngine engine = new DetectionEngine(files, slots, EngineSettings.DEFAULTS, wall);
		return new SequenceSpec.Compiled(engine, new EventReader(slots));
	}

	/**
	 * A generated event; its identity is its content, so that the same event reads the
	 * same in both runs.
	 */
	record Generated(Instant at, String key, int stage, @Nullable String index, boolean hostile) {

		EngineEvent read(EventReader reader) {
			String json = """
					{"@timestamp": "%s", "k": "%s", "stage": %d}""".formatted(at, key, stage);
			String id = key + "@" + at.toEpochMilli() + "#" + stage;
			return reader.read(JSON.readTree(json), json, id, index, NOW)
				.event()
				.arrived(System.identityHashCode(this));
		}

	}

}
