package io.vigil.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.vigil.eql.CompiledQuery;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.rules.Rule;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleState;
import io.vigil.rules.RuleStatus;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates batches of events against every loaded rule. Thread-safe: batches may be
 * processed concurrently; sequence state is locked per rule and join key.
 * <p>
 * Event time is trusted within bounds ({@link EventTime}): each join key of each rule
 * measures lateness on its own clock, moved only by its own events and never believed
 * beyond the wall clock plus {@code detection.max-future-skew}. No event can make another
 * key's events late, and an event dated in the future is still evaluated: at once by
 * single-event rules, and in its own key's order by sequences and samples, whose
 * decisions that wait on time wait for the wall clock to reach it.
 */
public final class DetectionEngine {

	private final List<RuleEvaluator> evaluators;

	private final Map<String, RuleEvaluator> byRuleId;

	private final EventTime time;

	/**
	 * How many keys of every rule hold each retained event: its stored copy goes with the
	 * last.
	 */
	private final Holdings holdings = new Holdings();

	private final MemoryBudget budget;

	/** Which evaluators each event of a batch can concern. */
	private final RuleRouter router;

	private volatile Map<String, RuleState> advanced = Map.of();

	/**
	 * @param files rule files; those loaded with a compiled query are evaluated
	 * @param slots the slots the queries and the rules' tiebreaker fields were given
	 */
	public DetectionEngine(List<RuleFile> files, FieldSlots slots, EngineSettings settings, Clock wall) {
		this.time = EventTime.of(settings, wall);
		this.budget = new MemoryBudget(settings.maxRetainedBytes());
		SharedState shared = new SharedState(settings, time, holdings, budget);
		List<RuleEvaluator> built = new ArrayList<>();
		List<@Nullable Set<String>> categories = new ArrayList<>();
		List<List<CompiledQuery.Hint>> hints = new ArrayList<>();
		for (RuleFile file : files) {
			if (file.status() != RuleStatus.LOADED || file.query() == null) {
				continue;
			}
			Rule rule = file.rule();
			int tiebreaker = rule.tiebreakerField() == null ? -1 : slots.find(rule.tiebreakerField());
			built.add(switch (file.query()) {
				case CompiledQuery.EventQuery event -> new EventRuleEvaluator(rule, event.condition());
				case CompiledQuery.SequenceQuery sequence -> new SequenceEvaluator(rule, sequence, tiebreaker, shared);
				case CompiledQuery.SampleQuery sample -> new SampleEvaluator(rule, sample, tiebreaker, shared);
			});
			categories.add(rule.eventCategoryOverride() == null ? file.query().categories() : null);
			hints.add(file.query().hints());
		}
		this.evaluators = List.copyOf(built);
		this.byRuleId = new HashMap<>();
		evaluators.forEach(evaluator -> byRuleId.putIfAbsent(evaluator.rule().ruleId(), evaluator));
		this.router = new RuleRouter(evaluators.stream().map(RuleEvaluator::rule).toList(), categories, hints, slots);
	}

	/**
	 * Evaluates a batch: detections of every rule, the candidates retained and let go,
	 * the events late for some sequence rule and those dated in the future. Each event
	 * meets only the rules that can match it.
	 */
	public EngineOutcome process(List<EngineEvent> events) {
		return evaluate(events, null);
	}

	/**
	 * Evaluates a batch as {@link #process} does, for a caller that stores the events
	 * rules retain batch by batch: the outcome's {@link EngineOutcome#storedBatch} says
	 * whether the batch holds events to store, and {@link #advance} reports when none of
	 * them is held any longer.
	 * @param arrivals the batch's arrival numbers, every event's within them; no other
	 * batch's overlap them
	 * @throws IllegalArgumentException when an event's arrival number is outside the
	 * range, or another batch the engine counts overlaps it
	 */
	public EngineOutcome processStored(List<EngineEvent> events, EngineOutcome.ArrivalRange arrivals) {
		for (EngineEvent event : events) {
			if (event.arrival() < arrivals.first() || event.arrival() > arrivals.last()) {
				throw new IllegalArgumentException("arrival number " + event.arrival() + " is outside " + arrivals);
			}
		}
		holdings.open(arrivals);
		return evaluate(events, arrivals);
	}

	private EngineOutcome evaluate(List<EngineEvent> events, EngineOutcome.@Nullable ArrivalRange stored) {
		EngineOutcome outcome = new EngineOutcome();
		Batch batch = new Batch(distinguished(events, outcome), time.wallMillis());
		int[][] positions = router.route(batch);
		markFuture(batch, outcome);
		for (int i = 0; i < evaluators.size(); i++) {
			if (positions[i] != null) {
				evaluators.get(i).accept(batch, positions[i], KeyScope.ALL, outcome);
			}
		}
		if (stored != null && !holdings.closeIfEmpty(stored.first())) {
			outcome.stored(stored);
		}
		return outcome;
	}

	/**
	 * Evaluates a batch without keeping state, for a tier that owns no correlation state:
	 * the detections of single-event rules, and for every sequence and sample rule the
	 * events that can take part in its matches, with their join keys, to be forwarded to
	 * whoever owns the keys. Two events of the batch that claim one identity with other
	 * content are told apart as {@link #process} tells them apart.
	 */
	public Forwarded forward(List<EngineEvent> events) {
		EngineOutcome outcome = new EngineOutcome();
		Batch batch = new Batch(distinguished(events, outcome), time.wallMillis());
		int[][] positions = router.route(batch);
		markFuture(batch, outcome);
		List<Candidate> candidates = new ArrayList<>();
		for (int i = 0; i < evaluators.size(); i++) {
			RuleEvaluator evaluator = evaluators.get(i);
			if (positions[i] == null) {
				continue;
			}
			if (evaluator instanceof EventRuleEvaluator) {
				evaluator.accept(batch, positions[i], KeyScope.ALL, outcome);
				continue;
			}
			for (int position : positions[i]) {
				EngineEvent event = batch.event(position);
				evaluator.candidateKeys(event, outcome,
						key -> candidates.add(new Candidate(evaluator.rule(), key, event)));
			}
		}
		return new Forwarded(outcome.detections(), candidates, outcome.futureEventIds().size(),
				outcome.keysCappedEventIds(), outcome.conflictingIds());
	}

	/**
	 * The events, each under an identity no other event holds: one that claims the
	 * identity of a held event (or of an earlier event of the batch) with other bytes or
	 * in another index gets one of its own ({@link EngineEvent#distinct}) and is reported
	 * as a conflict. Otherwise whoever can guess an event's id could send a decoy under
	 * it first, and the real event would pass for a redelivery of the decoy. An event
	 * sent again, bytes and index the same, keeps its identity and is recognised as such.
	 */
	private List<EngineEvent> distinguished(List<EngineEvent> events, EngineOutcome outcome) {
		List<EngineEvent> distinct = null;
		Map<String, EngineEvent> seen = new HashMap<>();
		for (int i = 0; i < events.size(); i++) {
			EngineEvent event = events.get(i);
			EngineEvent other = seen.putIfAbsent(event.id(), event);
			if (other == null) {
				other = holdings.withId(event.id());
			}
			if (other != null && other.arrival() != event.arrival() && !other.sameAs(event)) {
				if (distinct == null) {
					distinct = new ArrayList<>(events);
				}
				distinct.set(i, event.distinct());
				outcome.conflict(event);
			}
		}
		return distinct == null ? events : distinct;
	}

	/**
	 * Notes the events dated beyond what the wall clock allows, on either clock rules
	 * measure time on.
	 */
	private void markFuture(Batch batch, EngineOutcome outcome) {
		long wallMillis = batch.wallMillis();
		for (int position = 0; position < batch.size(); position++) {
			EngineEvent event = batch.event(position);
			if (time.isFuture(event.timestamp(), wallMillis) || time.isFuture(event.ingested(), wallMillis)) {
				outcome.future(event);
			}
		}
	}

	/**
	 * What a stateless evaluation gives.
	 *
	 * @param detections of single-event rules
	 * @param candidates events for sequence and sample rules, one per rule and join key,
	 * in batch order per rule
	 * @param future events dated beyond the wall clock plus the allowed skew
	 * @param keysCapped events whose join keys for some rule were capped
	 * ({@link EngineOutcome#keysCappedEventIds})
	 * @param conflictingIds identities claimed by two events of the batch with other
	 * content or index ({@link EngineOutcome#conflictingIds}): the later was forwarded
	 * under an identity of its own
	 */
	public record Forwarded(List<Detection> detections, List<Candidate> candidates, int future, Set<String> keysCapped,
			List<String> conflictingIds) {

		public Forwarded {
			detections = List.copyOf(detections);
			candidates = List.copyOf(candidates);
			keysCapped = Set.copyOf(keysCapped);
			conflictingIds = List.copyOf(conflictingIds);
		}

	}

	/**
	 * Evaluates one forwarded event for one rule, for the keys of {@code scope} only: the
	 * correlation tier's evaluation, on the same state and matcher as {@link #process}.
	 * An event claiming the identity of a held event with other content gets one of its
	 * own, as there.
	 * @throws IllegalArgumentException when no loaded rule has the id
	 */
	public EngineOutcome correlate(String ruleId, EngineEvent event, KeyScope scope) {
		RuleEvaluator evaluator = evaluator(ruleId);
		EngineOutcome outcome = new EngineOutcome();
		evaluator.accept(new Batch(distinguished(List.of(event), outcome), time.wallMillis()), new int[] { 0 }, scope,
				outcome);
		return outcome;
	}

	/** Whether a loaded rule has this id. */
	public boolean evaluates(String ruleId) {
		return byRuleId.containsKey(ruleId);
	}

	private RuleEvaluator evaluator(String ruleId) {
		RuleEvaluator evaluator = byRuleId.get(ruleId);
		if (evaluator == null) {
			throw new IllegalArgumentException("No rule [" + ruleId + "] is loaded");
		}
		return evaluator;
	}

	/**
	 * Forgets all correlation state; {@link #restore} then rebuilds it from the stored
	 * retained events.
	 */
	public void reset() {
		evaluators.forEach(RuleEvaluator::reset);
		holdings.clear();
		budget.clear();
	}

	/**
	 * Counts the events of a stored batch as one batch again, before {@link #restore}
	 * takes them back; {@link #closeEmptyBatches} then reports those of which no rule
	 * took any back.
	 */
	public void reopen(EngineOutcome.ArrivalRange batch) {
		holdings.open(batch);
	}

	/**
	 * Of the reopened batches, those none of whose events any key holds, by first
	 * arrival, forgotten now.
	 */
	public List<Long> closeEmptyBatches(List<EngineOutcome.ArrivalRange> reopened) {
		return reopened.stream().map(EngineOutcome.ArrivalRange::first).filter(holdings::closeIfEmpty).toList();
	}

	/**
	 * Takes back a rule's events retained before a restart; detects nothing for them.
	 * Each key's clock is rebuilt from its events under today's bounds, so no time stored
	 * before can make later events late beyond them.
	 * @return the candidates the caps let go while taking them back (to be forgotten by
	 * the store)
	 */
	public EngineOutcome restore(String ruleId, List<EngineEvent> events) {
		return restoreScoped(ruleId, events.stream().map(event -> new Scoped(event, KeyScope.ALL)).toList());
	}

	/**
	 * Takes back a rule's events retained before, each for the keys of its scope, as
	 * {@link #restore} does. A rule no longer loaded has nothing to take back.
	 */
	public EngineOutcome restoreScoped(String ruleId, List<Scoped> events) {
		EngineOutcome outcome = new EngineOutcome();
		RuleEvaluator evaluator = byRuleId.get(ruleId);
		if (evaluator != null) {
			evaluator.restore(events, outcome);
		}
		return outcome;
	}

	/**
	 * Whether a rule measures lateness and retention on ingest time rather than on
	 * {@code @timestamp}.
	 */
	public static boolean usesIngestClock(Rule rule) {
		return rule.timestampOverride() != null;
	}

	/** State held by each rule that keeps state (sequences and samples). */
	public List<RuleState> stats() {
		return evaluators.stream()
			.filter(evaluator -> !(evaluator instanceof EventRuleEvaluator))
			.map(RuleEvaluator::stats)
			.toList();
	}

	public Optional<RuleState> stats(String ruleId) {
		return evaluators.stream()
			.filter(evaluator -> evaluator.rule().ruleId().equals(ruleId))
			.findFirst()
			.map(RuleEvaluator::stats);
	}

	/**
	 * Closes trailing missing-event windows that time has closed and evicts state,
	 * reporting the candidates let go and the stored batches none of whose events is held
	 * any longer; call periodically, while no batch is evaluated.
	 */
	public EngineOutcome advance() {
		EngineOutcome outcome = new EngineOutcome();
		Map<String, RuleState> states = new HashMap<>();
		evaluators.forEach(evaluator -> states.putIfAbsent(evaluator.rule().ruleId(), evaluator.advance(outcome)));
		advanced = Map.copyOf(states);
		outcome.closed(holdings.closeEmpty());
		return outcome;
	}

	/**
	 * Each rule's state as the last {@link #advance} left it, by rule id (empty before
	 * the first): for readers that come often and may lag by a tick, such as metrics,
	 * which then add no walk over every key of every rule.
	 */
	public Map<String, RuleState> statesAtLastAdvance() {
		return advanced;
	}

	/**
	 * Decides every open window as if no more events could come; for one-off evaluations.
	 */
	public EngineOutcome finish() {
		EngineOutcome outcome = new EngineOutcome();
		evaluators.forEach(evaluator -> evaluator.finish(outcome));
		return outcome;
	}

}
