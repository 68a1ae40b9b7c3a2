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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redelivery without a ledger: the state that remembers candidates recognises them, also
 * once a sequence or sample has used them up, so a re-sent event neither alerts twice nor
 * forms a match it could not form the first time; an event no rule keeps is remembered by
 * nothing.
 */
class RedeliveryTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

	private final SettableClock wall = new SettableClock(NOW);

	@Test
	void aResentConsumedCandidateFormsNoNewSequence() {
		DetectionEngine engine = engine("sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]");
		EngineEvent a = event(engine, "a", 0, 1);
		assertThat(engine.process(List.of(a, event(engine, "b", 2, 2))).detections()).hasSize(1);
		EngineOutcome again = engine.process(List.of(a));
		assertThat(again.duplicate(a)).isTrue();
		assertThat(again.retained()).isEmpty();
		// had the resent first stage started a new partial, this would complete it
		assertThat(engine.process(List.of(event(engine, "c", 3, 2))).detections()).isEmpty();
	}

	@Test
	void aResentHalfDoneSequenceCompletesOnce() {
		DetectionEngine engine = engine("sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]");
		EngineEvent a = event(engine, "a", 0, 1);
		engine.process(List.of(a));
		assertThat(engine.process(List.of(a)).duplicate(a)).isTrue();
		EngineEvent b = event(engine, "b", 2, 2);
		assertThat(engine.process(List.of(a, b)).detections()).hasSize(1);
		EngineOutcome both = engine.process(List.of(a, b));
		assertThat(both.detections()).isEmpty();
		assertThat(both.duplicate(a)).isTrue();
		assertThat(both.duplicate(b)).isTrue();
	}

	@Test
	void aResentCandidateOfAMissingEventSequenceChangesNothing() {
		DetectionEngine engine = engine("""
				sequence by k with maxspan=1m [any where stage == 1] ![any where stage == 3] [any where stage == 2]""");
		EngineEvent a = event(engine, "a", 0, 1);
		EngineEvent missing = event(engine, "m", 1, 3);
		EngineEvent b = event(engine, "b", 2, 2);
		assertThat(engine.process(List.of(a, missing, b)).detections()).isEmpty();
		EngineOutcome again = engine.process(List.of(a, missing, b));
		assertThat(again.detections()).isEmpty();
		assertThat(List.of(a, missing, b)).allSatisfy(event -> assertThat(again.duplicate(event)).isTrue());
	}

	@Test
	void aResentEventOfACompletedSampleFormsNoNewSample() {
		DetectionEngine engine = engine("sample by k [any where stage == 1] [any where stage == 2]");
		EngineEvent a = event(engine, "a", 0, 1);
		assertThat(engine.process(List.of(a, event(engine, "b", 2, 2))).detections()).hasSize(1);
		assertThat(engine.process(List.of(a)).duplicate(a)).isTrue();
		assertThat(engine.process(List.of(event(engine, "c", 3, 2))).detections()).isEmpty();
		// a new first stage does complete a new sample with it
		assertThat(engine.process(List.of(event(engine, "d", 4, 1))).detections()).hasSize(1);
	}

	@Test
	void aKeyWhoseStateWasForgottenJudgesAnEventSentAgainLaterOnItsOldClock() {
		for (String query : List.of("sample by k [any where stage == 1] [any where stage == 2]",
				"sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]")) {
			DetectionEngine engine = engine(query);
			EngineEvent a = event(engine, "a", 0, 1);
			assertThat(engine.process(List.of(a, event(engine, "b", 2, 2))).detections()).hasSize(1);
			wall.advance(Duration.ofMinutes(15));
			engine.advance();
			assertThat(engine.stats()).singleElement().satisfies(state -> assertThat(state.openKeys()).isZero());
			EngineOutcome late = engine.process(List.of(a, event(engine, "c", 3, 2)));
			assertThat(late.retained()).as(query).isEmpty();
			assertThat(late.lateEventIds()).as(query).containsExactlyInAnyOrder("a", "c");
			assertThat(late.detections()).as(query).isEmpty();
			wall.set(NOW);
		}
	}

	@Test
	void anEventNoRuleKeepsIsRememberedByNothing() {
		DetectionEngine engine = engine("sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]");
		EngineEvent other = event(engine, "x", 0, 7);
		EngineOutcome first = engine.process(List.of(other));
		EngineOutcome again = engine.process(List.of(other));
		assertThat(first.duplicate(other)).isFalse();
		assertThat(again.duplicate(other)).isFalse();
		assertThat(engine.stats()).singleElement().satisfies(state -> assertThat(state.retainedEvents()).isZero());
	}

	@Test
	void aDecoyUnderTheIdOfALaterEventDoesNotSuppressIt() {
		DetectionEngine engine = engine("sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]");
		// sent first under the id the real second stage will have, dated where it can
		// join nothing
		EngineEvent decoy = event(engine, "real-2", 0, 2, 100, null);
		engine.process(List.of(decoy));
		EngineEvent first = event(engine, "real-1", 1, 1, 101, null);
		EngineEvent second = event(engine, "real-2", 2, 2, 102, null);
		EngineOutcome outcome = engine.process(List.of(first, second));
		assertThat(outcome.duplicate(second)).isFalse();
		assertThat(outcome.conflictingIds()).containsExactly("real-2");
		assertThat(outcome.detections()).singleElement()
			.satisfies(detection -> assertThat(detection.events()).extracting(member -> member.event().id())
				.containsExactly("real-1", second.distinct().id()));
		// the real event sent again is recognised under the identity it was given, and
		// alerts no more
		EngineOutcome again = engine.process(List.of(event(engine, "real-2", 2, 2, 103, null)));
		assertThat(again.detections()).isEmpty();
		assertThat(again.retained()).isEmpty();
		// and the decoy sent again, bytes the same, is the redelivery it is
		EngineEvent decoyAgain = event(engine, "real-2", 0, 2, 104, null);
		assertThat(engine.process(List.of(decoyAgain)).duplicate(decoyAgain)).isTrue();
	}

	@Test
	void theSameIdInAnotherIndexIsAnotherEvent() {
		DetectionEngine engine = engine("sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]");
		engine.process(List.of(event(engine, "x", 0, 1, 200, "logs-a")));
		EngineEvent elsewhere = event(engine, "x", 0, 1, 201, "logs-b");
		EngineOutcome outcome = engine.process(List.of(elsewhere));
		assertThat(outcome.duplicate(elsewhere)).isFalse();
		assertThat(outcome.conflictingIds()).containsExactly("x");
		assertThat(engine.stats()).singleElement().satisfies(state -> assertThat(state.retainedEvents()).isEqualTo(2));
	}

	private EngineEvent event(DetectionEngine engine, String id, int second, int stage, long arrival,
			@Nullable String index) {
		String json = """
				{"@timestamp": "%s", "k": "k", "stage": %d}""".formatted(NOW.plusSeconds(second), stage);
		return TestEngines.reader(engine).read(JSON.readTree(json), json, id, index, NOW).event().arrived(arrival);
	}

	private DetectionEngine engine(String query) {
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		List<RuleFile> files = new ArrayList<>(RuleLoader
			.load(List.of(new SourceText("redelivery.toml", RuleTexts.eql("redelivery", "Redelivery", query))), slots));
		return TestEngines.engine(files, slots, EngineSettings.DEFAULTS, wall);
	}

	/**
	 * An event of key k, {@code second}s after now, matching {@code stage}, identified by
	 * {@code id}.
	 */
	private EngineEvent event(DetectionEngine engine, String id, int second, int stage) {
		String json = """
				{"@timestamp": "%s", "k": "k", "stage": %d}""".formatted(NOW.plusSeconds(second), stage);
		return TestEngines.reader(engine).read(JSON.readTree(json), json, id, null, NOW).event().arrived(second);
	}

}
