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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Event time trusted within bounds: every join key keeps its own clock, no clock is
 * believed beyond the wall clock plus the allowed skew, and no event of one key can make
 * another key's events late.
 */
class EventTimeTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

	private static final String PAIR = "sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]";

	private static final EngineSettings SETTINGS = new EngineSettings(Duration.ofMinutes(10), 10_000, 1_000_000,
			Duration.ofMinutes(2));

	private final SettableClock wall = new SettableClock(NOW);

	private int arrivals;

	/** Reads events for the engine last built. */
	private EventReader reader;

	@Test
	void anEventDatedInTheFutureMakesNoOtherKeysEventsLate() {
		DetectionEngine engine = engine(PAIR);
		EngineOutcome future = engine.process(List.of(event(Instant.parse("2030-01-01T00:00:00Z"), "attacker", 1)));
		assertThat(future.futureEventIds()).hasSize(1);
		EngineOutcome attack = engine
			.process(List.of(event(NOW.minusSeconds(4), "victim", 1), event(NOW, "victim", 2)));
		assertThat(attack.lateEventIds()).isEmpty();
		assertThat(attack.detections()).hasSize(1);
	}

	@Test
	void aKeysClockIsNeverBelievedBeyondTheWallClockPlusTheSkew() {
		DetectionEngine engine = engine(PAIR);
		engine.process(List.of(event(Instant.parse("9999-12-31T23:59:59.999Z"), "k1", 1)));
		// the key's own watermark is now + 2m - 10m: its events of 7 minutes ago still
		// count
		EngineOutcome attack = engine.process(List.of(event(NOW.minus(Duration.ofMinutes(7)), "k1", 1),
				event(NOW.minus(Duration.ofMinutes(7)).plusSeconds(5), "k1", 2)));
		assertThat(attack.lateEventIds()).isEmpty();
		assertThat(attack.detections()).hasSize(1);
		assertThat(engine.process(List.of(event(NOW.minus(Duration.ofMinutes(9)), "k1", 1))).lateEventIds()).hasSize(1);
		assertThat(engine.stats()).singleElement().satisfies(state -> {
			assertThat(state.newestWatermark())
				.isEqualTo(NOW.plus(Duration.ofMinutes(2)).minus(Duration.ofMinutes(10)));
			assertThat(state.keysAhead()).isEqualTo(1);
		});
	}

	@Test
	void aKeysClockMovesOnlyWithItsOwnEvents() {
		DetectionEngine engine = engine(PAIR);
		engine.process(List.of(event(NOW, "busy", 1)));
		EngineOutcome old = engine.process(List.of(event(NOW.minus(Duration.ofHours(3)), "backfill", 1),
				event(NOW.minus(Duration.ofHours(3)).plusSeconds(30), "backfill", 2)));
		assertThat(old.lateEventIds()).isEmpty();
		assertThat(old.detections()).hasSize(1);
	}

	@Test
	void eventsOfAnIndexNoRuleReadsMoveNoClock() {
		DetectionEngine engine = engine(PAIR);
		engine.process(List.of(event(NOW.plusSeconds(100), "k", 1, "other-logs")));
		assertThat(engine.stats()).singleElement().satisfies(state -> assertThat(state.openKeys()).isZero());
	}

	@Test
	void aHostWhoseClockRunsAheadIsDetectedAtOnce() {
		DetectionEngine engine = engine(PAIR);
		Instant ahead = NOW.plus(Duration.ofMinutes(30));
		EngineOutcome attack = engine.process(List.of(event(ahead, "ahead", 1)));
		attack = engine.process(List.of(event(ahead.plusSeconds(5), "ahead", 2)));
		assertThat(attack.detections()).hasSize(1);
		assertThat(attack.futureEventIds()).hasSize(1);
	}

	@Test
	void aHostWhoseClockRunsBehindIsDetectedOnItsOwnTime() {
		DetectionEngine engine = engine(PAIR);
		Instant behind = NOW.minus(Duration.ofMinutes(30));
		engine.process(List.of(event(NOW, "normal", 1)));
		engine.process(List.of(event(behind, "behind", 1)));
		wall.advance(Duration.ofSeconds(5));
		EngineOutcome attack = engine.process(List.of(event(behind.plusSeconds(5), "behind", 2)));
		assertThat(attack.lateEventIds()).isEmpty();
		assertThat(attack.detections()).hasSize(1);
	}

	@Test
	void aQuietKeysClockFollowsTheWallClock() {
		DetectionEngine engine = engine(PAIR);
		engine.process(List.of(event(NOW, "k", 1)));
		wall.advance(Duration.ofMinutes(15));
		assertThat(engine.process(List.of(event(NOW.plusSeconds(10), "k", 2))).lateEventIds()).hasSize(1);
	}

	@Test
	void aTrailingWindowOfAKeyAheadWaitsForTheWallClockToReachIt() {
		DetectionEngine engine = engine("""
				sequence by k with maxspan=1m [any where stage == 1] ![any where stage == 2]""");
		Instant ahead = NOW.plus(Duration.ofHours(1));
		engine.process(List.of(event(ahead, "ahead", 1)));
		assertThat(engine.advance().detections()).isEmpty();
		wall.advance(Duration.ofMinutes(30));
		assertThat(engine.advance().detections()).isEmpty();
		// the window closes once the key's watermark (wall + 2m - 10m) passes the event's
		// time + 1m
		wall.set(ahead.plus(Duration.ofMinutes(9)).plusMillis(1));
		assertThat(engine.advance().detections()).hasSize(1);
	}

	@Test
	void theLastFourDigitYearNeitherOverflowsNorClosesAWindowEarly() {
		DetectionEngine engine = engine("""
				sequence by k with maxspan=1m [any where stage == 1] ![any where stage == 2]""");
		engine.process(List.of(event(Instant.parse("9999-12-31T23:59:59.999Z"), "k", 1)));
		wall.advance(Duration.ofDays(365));
		assertThat(engine.advance().detections()).isEmpty();
		assertThat(engine.stats()).singleElement().satisfies(state -> assertThat(state.retainedEvents()).isEqualTo(1));
	}

	@Test
	void restoredStateObeysTheBoundsOfToday() {
		DetectionEngine before = engine(PAIR);
		EngineEvent poisoned = event(Instant.parse("2030-01-01T00:00:00Z"), "k", 1);
		EngineEvent normal = event(NOW.minusSeconds(10), "k", 1);
		DetectionEngine after = engine(PAIR);
		after.restore("limits", List.of(poisoned, normal));
		EngineOutcome attack = after.process(List.of(event(NOW.minus(Duration.ofMinutes(7)), "k", 1),
				event(NOW.minus(Duration.ofMinutes(7)).plusSeconds(1), "k", 2), event(NOW.minusSeconds(5), "other", 1),
				event(NOW, "other", 2)));
		assertThat(attack.lateEventIds()).isEmpty();
		assertThat(attack.detections()).hasSize(2);
	}

	@Test
	void aStoredBatchGoesWithTheLastKeyThatHoldsAnyOfItsEvents() {
		DetectionEngine engine = engine("sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]");
		EngineEvent shared = read("""
				{"@timestamp": "%s", "k": ["a", "b"], "stage": 1}""".formatted(NOW.minus(Duration.ofMinutes(20))));
		EngineOutcome first = stored(engine, shared);
		assertThat(first.storedBatch()).contains(range(shared));
		EngineEvent later = event(NOW, "a", 1);
		stored(engine, later);
		EngineOutcome advanced = engine.advance();
		assertThat(advanced.released()).singleElement().satisfies(gone -> assertThat(gone.key()).containsExactly("a"));
		assertThat(advanced.closedBatches()).as("key b still holds the event").isEmpty();
		wall.advance(Duration.ofMinutes(30));
		assertThat(engine.advance().closedBatches()).containsExactlyInAnyOrder(shared.arrival(), later.arrival());
	}

	@Test
	void aBatchNoneOfWhoseEventsIsHeldIsNotStored() {
		DetectionEngine engine = engine("sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]");
		EngineOutcome outcome = stored(engine, event(NOW, "a", 7));
		assertThat(outcome.storedBatch()).isEmpty();
		assertThat(engine.advance().closedBatches()).isEmpty();
	}

	@Test
	void storedBatchesMayNotOverlap() {
		DetectionEngine engine = engine("sequence by k with maxspan=1m [any where stage == 1] [any where stage == 2]");
		EngineEvent first = event(NOW, "a", 1);
		EngineEvent second = event(NOW, "b", 1);
		engine.processStored(List.of(first, second), new EngineOutcome.ArrivalRange(first.arrival(), second.arrival()));
		assertThatIllegalArgumentException().isThrownBy(() -> engine.processStored(List.of(second), range(second)))
			.withMessageContaining("overlap");
		assertThatIllegalArgumentException().isThrownBy(() -> engine.processStored(List.of(first), range(second)))
			.withMessageContaining("outside");
	}

	private static EngineOutcome stored(DetectionEngine engine, EngineEvent event) {
		return engine.processStored(List.of(event), range(event));
	}

	private static EngineOutcome.ArrivalRange range(EngineEvent event) {
		return new EngineOutcome.ArrivalRange(event.arrival(), event.arrival());
	}

	@Test
	void aSamplesKeysKeepTheirOwnClocks() {
		DetectionEngine engine = engine("sample by k [any where stage == 1] [any where stage == 2]");
		engine.process(List.of(event(Instant.parse("2030-01-01T00:00:00Z"), "attacker", 1)));
		EngineOutcome attack = engine
			.process(List.of(event(NOW.minus(Duration.ofMinutes(9)), "victim", 2), event(NOW, "victim", 1)));
		assertThat(attack.lateEventIds()).isEmpty();
		assertThat(attack.detections()).hasSize(1);
		assertThat(attack.released()).hasSize(2);
	}

	@Test
	void theSkewMustBeSmallerThanTheLateness() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EngineSettings(Duration.ofMinutes(10), 1, 1, Duration.ofMinutes(10)))
			.withMessageContaining(
					"detection.max-future-skew [PT10M] must be at least 0 and less than detection.lateness");
	}

	private DetectionEngine engine(String query) {
		String toml = RuleTexts.eql("limits", "Limits", query).replace("[rule]\n", "[rule]\nindex = [\"logs-*\"]\n");
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		List<RuleFile> files = new ArrayList<>(RuleLoader.load(List.of(new SourceText("limits.toml", toml)), slots));
		assertThat(files.getFirst().query()).as(files.getFirst().diagnostics().toString()).isNotNull();
		DetectionEngine engine = new DetectionEngine(files, slots, SETTINGS, wall);
		reader = new EventReader(slots);
		return engine;
	}

	private EngineEvent event(Instant at, String key, int stage) {
		return event(at, key, stage, null);
	}

	private EngineEvent event(Instant at, String key, int stage, @Nullable String index) {
		String json = """
				{"@timestamp": "%s", "k": "%s", "stage": %d}""".formatted(at, key, stage);
		int arrival = arrivals++;
		return reader.read(JSON.readTree(json), json, "e" + arrival, index, wall.instant()).event().arrived(arrival);
	}

	private EngineEvent read(String json) {
		int arrival = arrivals++;
		return reader.read(JSON.readTree(json), json, "e" + arrival, null, wall.instant()).event().arrived(arrival);
	}

}
