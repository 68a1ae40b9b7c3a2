package io.vigil.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.vigil.diagnostics.SourceText;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleLoader;
import io.vigil.support.RuleTexts;
import io.vigil.support.SettableClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caps on retained state, their oldest-first policy, age-based eviction and lateness.
 */
class StateLimitsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

	@Test
	void theOldestCandidatesOfAKeyGoFirstBeyondThePerKeyCap() {
		DetectionEngine engine = engine("sequence by k [any where stage == 1] [any where stage == 2]",
				new EngineSettings(Duration.ofDays(1), 3, 1000, Duration.ofMinutes(2)));
		for (int second = 1; second <= 5; second++) {
			engine.process(List.of(event(engine, second * 1000, "a", 1)));
		}
		assertThat(engine.stats()).singleElement().satisfies(stats -> {
			assertThat(stats.retainedEvents()).isEqualTo(3);
			assertThat(stats.evictions()).isEqualTo(2);
		});
		// At 1.5 s, a stage-2 event would follow the evicted event of 1 s; the retained
		// ones are later.
		assertThat(engine.process(List.of(event(engine, 1500, "a", 2))).detections()).isEmpty();
		assertThat(engine.process(List.of(event(engine, 6000, "a", 2))).detections()).hasSize(1);
	}

	@Test
	void theOldestCandidatesOfTheRuleGoFirstBeyondThePerRuleCap() {
		DetectionEngine engine = engine("sequence by k [any where stage == 1] [any where stage == 2]",
				new EngineSettings(Duration.ofDays(1), 100, 4, Duration.ofMinutes(2)));
		engine.process(List.of(event(engine, 1000, "a", 1), event(engine, 2000, "b", 1), event(engine, 3000, "a", 1),
				event(engine, 4000, "b", 1), event(engine, 5000, "c", 1), event(engine, 6000, "c", 1)));
		assertThat(engine.stats()).singleElement().satisfies(stats -> {
			assertThat(stats.retainedEvents()).isEqualTo(4);
			assertThat(stats.evictions()).isEqualTo(2);
		});
	}

	@Test
	void aRedeliveredEventNeitherCountsTowardsTheCapsNorIsRetainedAgain() {
		DetectionEngine engine = engine("sequence by k [any where stage == 1] [any where stage == 2]",
				new EngineSettings(Duration.ofDays(1), 100, 2, Duration.ofMinutes(2)));
		EngineEvent redelivered = event(engine, 2000, "b", 1);
		engine.process(List.of(event(engine, 1000, "a", 1), redelivered));
		for (int delivery = 0; delivery < 3; delivery++) {
			assertThat(engine.process(List.of(redelivered)).retained()).isEmpty();
		}
		assertThat(engine.stats()).singleElement().satisfies(stats -> {
			assertThat(stats.retainedEvents()).isEqualTo(2);
			assertThat(stats.evictions()).isZero();
		});
		// had the redeliveries counted, the rule-wide cap would have evicted key a's
		// first stage
		assertThat(engine.process(List.of(event(engine, 3000, "a", 2))).detections()).hasSize(1);
	}

	@Test
	void eventsOlderThanTwiceMaxspanBehindTheirKeysWatermarkAreEvicted() {
		SettableClock wall = new SettableClock(BASE.plus(Duration.ofHours(1)));
		DetectionEngine engine = engine("sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]",
				new EngineSettings(Duration.ofMinutes(10), 100, 1000, Duration.ofMinutes(2)), wall);
		EngineEvent first = event(engine, 0, "a", 1);
		engine.process(List.of(first));
		engine.process(List.of(event(engine, Duration.ofMinutes(12).toMillis() + 1, "a", 1),
				event(engine, Duration.ofMinutes(30).toMillis(), "b", 1)));
		EngineOutcome advanced = engine.advance();
		assertThat(engine.stats()).singleElement().satisfies(stats -> {
			assertThat(stats.retainedEvents()).isEqualTo(2);
			assertThat(stats.openKeys()).isEqualTo(2);
			assertThat(stats.evictions()).isEqualTo(1);
		});
		assertThat(advanced.released()).singleElement().satisfies(released -> {
			assertThat(released.eventId()).isEqualTo(first.id());
			assertThat(released.key()).containsExactly("a");
		});
	}

	@Test
	void lateEventsNeitherStartNorExtendSequences() {
		DetectionEngine engine = engine("sequence by k [any where stage == 1] [any where stage == 2]",
				new EngineSettings(Duration.ofMinutes(10), 100, 1000, Duration.ofMinutes(2)),
				new SettableClock(BASE.plus(Duration.ofHours(1))));
		engine.process(List.of(event(engine, Duration.ofMinutes(30).toMillis(), "a", 1)));
		EngineOutcome late = engine.process(List.of(event(engine, 1000, "a", 1), event(engine, 2000, "a", 2)));
		assertThat(late.detections()).isEmpty();
		assertThat(late.lateEventIds()).hasSize(2);
		EngineOutcome inTime = engine.process(List.of(event(engine, Duration.ofMinutes(25).toMillis(), "a", 1),
				event(engine, Duration.ofMinutes(26).toMillis(), "a", 2)));
		assertThat(inTime.detections()).hasSize(1);
		assertThat(inTime.lateEventIds()).isEmpty();
	}

	@Test
	void retiredClocksCountAgainstTheMemoryBudgetAndGoBeforeAnyCandidate() {
		long perCandidate = perCandidate();
		SettableClock wall = new SettableClock(BASE.plus(Duration.ofHours(1)));
		DetectionEngine engine = noisyAndQuiet(
				"sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]",
				new EngineSettings(Duration.ofMinutes(10), 100, 1000, Duration.ofMinutes(2), 100,
						3 * perCandidate + perCandidate / 2 + RetiredClocks.COST_BYTES),
				wall);
		long twentyMinutes = Duration.ofMinutes(20).toMillis();
		engine.process(List.of(event(engine, 0, "k1", 1), event(engine, twentyMinutes, "k1", 1)));
		wall.advance(Duration.ofHours(1));
		engine.advance();
		assertThat(engine.process(List.of(event(engine, 0, "k1", 1))).lateEventIds())
			.as("k1's state is gone but its clock is kept: an event from before its lateness horizon is late")
			.hasSize(1);
		engine.advance();

		engine.process(List.of(event(engine, twentyMinutes, "q", 5)));
		for (String key : List.of("a", "b", "c")) {
			engine.process(List.of(event(engine, twentyMinutes, key, 1)));
		}

		assertThat(engine.stats("quiet")).hasValueSatisfying(state -> assertThat(state.evictions()).isZero());
		assertThat(engine.stats("noisy")).hasValueSatisfying(state -> assertThat(state.retainedEvents()).isEqualTo(2));
		assertThat(engine.process(List.of(event(engine, 0, "k1", 1))).lateEventIds())
			.as("over the budget the noisy rule let k1's retired clock go: k1 starts afresh")
			.isEmpty();
	}

	@Test
	void overTheMemoryBudgetTheRuleHoldingTheMostGivesWayNotAQuietOne() {
		long perCandidate = perCandidate();
		DetectionEngine engine = noisyAndQuiet(
				"sequence by k [any where stage == 1] [any where stage == 2]", new EngineSettings(Duration.ofDays(1),
						100, 1000, Duration.ofMinutes(2), 100, 4 * perCandidate + perCandidate / 2),
				Clock.fixed(BASE, ZoneOffset.UTC));
		engine.process(List.of(event(engine, 500, "q", 5)));
		List<EngineOutcome.Released> released = new ArrayList<>();
		for (int second = 1; second <= 10; second++) {
			released.addAll(engine.process(List.of(event(engine, second * 1000, "k" + second, 1))).released());
		}
		assertThat(released).isNotEmpty().allSatisfy(gone -> assertThat(gone.rule().ruleId()).isEqualTo("noisy"));
		assertThat(engine.stats("noisy")).hasValueSatisfying(state -> {
			assertThat(state.retainedEvents()).isEqualTo(3);
			assertThat(state.evictions()).isEqualTo(7);
		});
		assertThat(engine.stats("quiet")).hasValueSatisfying(state -> assertThat(state.evictions()).isZero());
		// the quiet rule retains again while the budget is full: still the noisy rule
		// gives way
		engine.process(List.of(event(engine, 10_500, "q2", 5)));
		assertThat(engine.stats("quiet")).hasValueSatisfying(state -> {
			assertThat(state.evictions()).isZero();
			assertThat(state.retainedEvents()).isEqualTo(2);
		});
		assertThat(engine.process(List.of(event(engine, 11_000, "q", 6))).detections()).as("the quiet rule's sequence")
			.hasSize(1);
	}

	/** What the memory budget charges for one retained event of these tests. */
	private static long perCandidate() {
		EngineEvent sample = event(
				engine("sequence by k [any where stage == 1] [any where stage == 2]", EngineSettings.DEFAULTS), 0, "x",
				1);
		return sample.source().length + 400;
	}

	/**
	 * A rule with the given query, "noisy", beside a quiet one that waits on stages 5 and
	 * 6.
	 */
	private static DetectionEngine noisyAndQuiet(String noisy, EngineSettings settings, Clock wall) {
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		List<RuleFile> files = new ArrayList<>(
				RuleLoader.load(
						List.of(new SourceText("noisy.toml", RuleTexts.eql("noisy", "Noisy", noisy)),
								new SourceText("quiet.toml",
										RuleTexts.eql("quiet", "Quiet",
												"sequence by k [any where stage == 5] [any where stage == 6]"))),
						slots));
		return TestEngines.engine(files, slots, settings, wall);
	}

	@Test
	void oneEventJoinsUnderNoMoreThanTheFirstKeysItsMultiValuedKeyFieldsCombineInto() {
		DetectionEngine engine = engine("sequence by a, b, c [any where stage == 1] [any where stage == 2]",
				EngineSettings.DEFAULTS);
		// a thousand values in each of three key fields: a billion combinations, were
		// they all taken
		String values = IntStream.range(0, 1000).mapToObj(i -> "\"v" + i + "\"").collect(Collectors.joining(","));
		EngineEvent flood = keyed(engine, 1000, "[%s]".formatted(values), "[%s]".formatted(values),
				"[%s]".formatted(values), 1);
		EngineOutcome outcome = engine.process(List.of(flood));
		assertThat(outcome.keysCappedEventIds()).containsExactly(flood.id());
		assertThat(engine.stats()).singleElement()
			.satisfies(stats -> assertThat(stats.openKeys()).isEqualTo(SequencePlan.MAX_KEYS_PER_EVENT));
		// the first combinations in value order are kept: (v0, v0, v0) … (v0, v0, v255)
		assertThat(engine.process(List.of(keyed(engine, 2000, "\"v0\"", "\"v0\"", "\"v255\"", 2))).detections())
			.hasSize(1);
		assertThat(engine.process(List.of(keyed(engine, 2000, "\"v0\"", "\"v0\"", "\"v256\"", 2))).detections())
			.isEmpty();
		assertThat(engine.process(List.of(keyed(engine, 2000, "\"v0\"", "\"v1\"", "\"v0\"", 2))).detections())
			.isEmpty();
	}

	@Test
	void anEventWithAFewMultiValuedKeysJoinsUnderEveryCombination() {
		DetectionEngine engine = engine("sequence by a, b [any where stage == 1] [any where stage == 2]",
				EngineSettings.DEFAULTS);
		EngineOutcome outcome = engine.process(List.of(keyed(engine, 1000, "[\"x\", \"y\"]", "[1, 2, 3]", "null", 1)));
		assertThat(outcome.keysCappedEventIds()).isEmpty();
		assertThat(engine.stats()).singleElement().satisfies(stats -> assertThat(stats.openKeys()).isEqualTo(6));
		assertThat(engine.process(List.of(keyed(engine, 2000, "\"y\"", "3", "null", 2))).detections()).hasSize(1);
	}

	private static EngineEvent keyed(DetectionEngine engine, long millis, String a, String b, String c, int stage) {
		String json = """
				{"@timestamp": "%s", "a": %s, "b": %s, "c": %s, "stage": %d}""".formatted(BASE.plusMillis(millis), a, b,
				c, stage);
		int arrival = next++;
		return TestEngines.reader(engine)
			.read(JSON.readTree(json), json, "e" + arrival, null, BASE)
			.event()
			.arrived(arrival);
	}

	private static int next;

	private static EngineEvent event(DetectionEngine engine, long millis, String key, int stage) {
		String json = """
				{"@timestamp": "%s", "k": "%s", "stage": %d}""".formatted(BASE.plusMillis(millis), key, stage);
		int arrival = next++;
		return TestEngines.reader(engine)
			.read(JSON.readTree(json), json, "e" + arrival, null, BASE)
			.event()
			.arrived(arrival);
	}

	private static DetectionEngine engine(String query, EngineSettings settings) {
		return engine(query, settings, Clock.fixed(BASE, ZoneOffset.UTC));
	}

	private static DetectionEngine engine(String query, EngineSettings settings, Clock wall) {
		String toml = RuleTexts.eql("limits", "Limits", query);
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		List<RuleFile> files = new ArrayList<>(RuleLoader.load(List.of(new SourceText("limits.toml", toml)), slots));
		return TestEngines.engine(files, slots, settings, wall);
	}

}
