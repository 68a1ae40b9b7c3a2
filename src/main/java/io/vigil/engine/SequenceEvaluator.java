package io.vigil.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import io.vigil.engine.SequenceMatcher.Partial;
import io.vigil.eql.CompiledQuery;
import io.vigil.rules.Rule;
import io.vigil.rules.RuleState;

/**
 * A sequence rule: state per join key, each key locked on its own so that different keys
 * proceed in parallel, and each measuring lateness on a clock of its own
 * ({@link KeyClock}). Retained events are evicted once no event that is not late could
 * still form a sequence with them: older than the key's watermark by twice maxspan (a
 * sequence spans at most maxspan, and so does the partial it grows from). Without
 * maxspan, only the caps bound the state.
 */
final class SequenceEvaluator implements RuleEvaluator, MemoryBudget.Holder {

	private final Rule rule;

	private final SequencePlan plan;

	private final Comparator<EngineEvent> ordinal;

	private final ToLongFunction<EngineEvent> clock;

	private final boolean hasTiebreaker;

	private final int tiebreakerSlot;

	private final Map<List<Object>, KeyState> keys = new ConcurrentHashMap<>();

	/**
	 * Retained events in the order they were added, for the rule-wide cap and the budget
	 * (oldest first).
	 */
	private final RetentionQueue<KeyState> retained = new RetentionQueue<>();

	private final AtomicLong evictions = new AtomicLong();

	private final SharedState shared;

	private final MemoryBudget.Account account;

	private final RetiredClocks retiredClocks;

	SequenceEvaluator(Rule rule, CompiledQuery.SequenceQuery query, int tiebreakerSlot, SharedState shared) {
		this.shared = shared;
		this.rule = rule;
		this.plan = SequencePlan.of(query);
		this.ordinal = EngineEvent.ordinal(tiebreakerSlot);
		this.hasTiebreaker = tiebreakerSlot >= 0;
		this.tiebreakerSlot = tiebreakerSlot;
		// Rules that select events by ingest time (timestamp_override) measure lateness
		// on it too.
		this.clock = DetectionEngine.usesIngestClock(rule) ? EngineEvent::ingested : EngineEvent::timestamp;
		this.account = shared.budget().account(this);
		this.retiredClocks = new RetiredClocks(shared.settings().maxRetiredKeysPerRule(), shared.time(), account);
	}

	@Override
	public Rule rule() {
		return rule;
	}

	@Override
	public void accept(Batch batch, int[] positions, KeyScope scope, EngineOutcome outcome) {
		for (int position : ordered(batch, positions)) {
			EngineEvent event = batch.event(position);
			Map<List<Object>, long[]> matches = matches(event, scope, outcome);
			if (matches.isEmpty()) {
				continue;
			}
			EngineEvent retainedEvent = batch.retained(position, tiebreakerSlot);
			boolean kept = false;
			for (Map.Entry<List<Object>, long[]> match : matches.entrySet()) {
				long[] stages = match.getValue();
				kept |= add(match.getKey(), retainedEvent, stages[0], stages[1] != 0, batch.wallMillis(), false,
						outcome);
			}
			if (kept) {
				outcome.retained(rule, retainedEvent);
			}
		}
		enforceRuleCap(outcome);
	}

	/**
	 * The positions in this rule's ordinal order: the batch's own, unless a tiebreaker
	 * reorders ties.
	 */
	private int[] ordered(Batch batch, int[] positions) {
		if (!hasTiebreaker) {
			return positions;
		}
		return Arrays.stream(positions)
			.boxed()
			.sorted((a, b) -> ordinal.compare(batch.event(a), batch.event(b)))
			.mapToInt(Integer::intValue)
			.toArray();
	}

	/**
	 * The keys in scope the event has for the stages (and until) it matches: key → {stage
	 * mask, until}.
	 */
	private Map<List<Object>, long[]> matches(EngineEvent event, KeyScope scope, EngineOutcome outcome) {
		Map<List<Object>, long[]> matches = Map.of();
		List<CompiledQuery.Stage> stages = plan.stages();
		for (int i = 0; i < stages.size(); i++) {
			CompiledQuery.Stage stage = stages.get(i);
			if (stage.condition().test(event.values())) {
				for (List<Object> key : SequencePlan.keys(stage.keys(), event, outcome)) {
					if (scope.includes(key)) {
						matches = mutable(matches);
						matches.computeIfAbsent(key, ignored -> new long[2])[0] |= 1L << i;
					}
				}
			}
		}
		CompiledQuery.Stage until = plan.until();
		if (until != null && until.condition().test(event.values())) {
			for (List<Object> key : SequencePlan.keys(until.keys(), event, outcome)) {
				if (scope.includes(key)) {
					matches = mutable(matches);
					matches.computeIfAbsent(key, ignored -> new long[2])[1] = 1;
				}
			}
		}
		return matches;
	}

	/** Most events match nothing: the map is only allocated for those that do. */
	private static Map<List<Object>, long[]> mutable(Map<List<Object>, long[]> matches) {
		return matches.isEmpty() ? new LinkedHashMap<>() : matches;
	}

	/**
	 * Retains the event for one key unless the key holds it already (a redelivery,
	 * reported as such, which must not count towards the caps and so evict events that
	 * are really retained) or it is late by the key's clock (reported as late); true when
	 * it was retained.
	 */
	private boolean add(List<Object> key, EngineEvent event, long stageMask, boolean until, long wallMillis,
			boolean restoring, EngineOutcome outcome) {
		while (true) {
			KeyState state = keys.computeIfAbsent(key,
					k -> new KeyState(k, plan, ordinal, clock, retiredClocks.revive(k)));
			synchronized (state) {
				if (state.retired()) {
					continue;
				}
				if (state.holds(event)) {
					outcome.redelivered(event);
					return false;
				}
				if (!restoring && state.late(event, wallMillis)) {
					outcome.late(event);
					return false;
				}
				List<Partial> completed = new ArrayList<>(0);
				state.add(event, stageMask, until, wallMillis, restoring, completed);
				shared.holdings().hold(event);
				account.charge(event);
				retained.add(state, event);
				int trimmed = state.trimTo(shared.settings().maxCandidatesPerKey(),
						gone -> release(key, gone, outcome));
				evictions.addAndGet(trimmed);
				completed.forEach(partial -> outcome.detected(detection(key, partial)));
				return true;
			}
		}
	}

	private void release(List<Object> key, EngineEvent event, EngineOutcome outcome) {
		account.discharge(event);
		shared.holdings().release(event);
		outcome.released(rule, key, event);
	}

	@Override
	public void reset() {
		keys.clear();
		retained.clear();
		retiredClocks.clear();
	}

	@Override
	public void restore(List<Scoped> events, EngineOutcome outcome) {
		List<Scoped> sorted = new ArrayList<>(events);
		sorted.sort(Comparator.comparing(Scoped::event, ordinal));
		long wallMillis = shared.time().wallMillis();
		for (Scoped scoped : sorted) {
			EngineEvent event = scoped.event();
			EngineEvent retainedEvent = event.retained(tiebreakerSlot);
			matches(event, scoped.scope(), outcome)
				.forEach((key, match) -> add(key, retainedEvent, match[0], match[1] != 0, wallMillis, true, outcome));
		}
		enforceRuleCap(outcome);
	}

	@Override
	public void candidateKeys(EngineEvent event, EngineOutcome outcome, Consumer<List<Object>> keys) {
		matches(event, KeyScope.ALL, outcome).keySet().forEach(keys);
	}

	@Override
	public RuleState advance(EngineOutcome outcome) {
		long wallMillis = shared.time().wallMillis();
		RuleStateBuilder stats = new RuleStateBuilder(rule.ruleId());
		for (KeyState state : keys.values()) {
			synchronized (state) {
				state.decideTrailing(wallMillis).forEach(partial -> outcome.detected(detection(state.key(), partial)));
				evictions.addAndGet(state.evict(wallMillis, gone -> release(state.key(), gone, outcome)));
				if (state.isEmpty()) {
					retire(state);
				}
				else {
					stats.key(state.size(), state.clock(), wallMillis);
				}
			}
		}
		retained.removeHeldBy(KeyState::retired);
		return stats.build(evictions.get());
	}

	/**
	 * Drops an empty key's state, keeping its clock among the retired ones; the caller
	 * holds its lock.
	 */
	private void retire(KeyState state) {
		state.retire();
		keys.remove(state.key(), state);
		retiredClocks.retire(state.key(), state.clock());
	}

	@Override
	public void finish(EngineOutcome outcome) {
		for (KeyState state : keys.values()) {
			synchronized (state) {
				state.decideTrailingAt(Long.MAX_VALUE)
					.forEach(partial -> outcome.detected(detection(state.key(), partial)));
			}
		}
	}

	/**
	 * Over the rule-wide cap the rule's oldest retained events go first, whatever their
	 * key; over the memory budget of all rules, the rule that holds the most gives way.
	 */
	private void enforceRuleCap(EngineOutcome outcome) {
		while (retained.size() > shared.settings().maxCandidatesPerRule()) {
			if (!letOldestGo(1, outcome)) {
				break;
			}
		}
		shared.budget().enforce(outcome);
	}

	@Override
	public boolean canGiveWay() {
		return true;
	}

	@Override
	public boolean letOldestGo(long bytes, EngineOutcome outcome) {
		long freed = retiredClocks.letOldestGo(bytes);
		boolean any = freed > 0;
		while (freed < bytes) {
			RetentionQueue.Entry<KeyState> oldest = retained.poll();
			if (oldest == null) {
				return any;
			}
			KeyState state = oldest.holder();
			synchronized (state) {
				if (state.remove(oldest.event())) {
					evictions.incrementAndGet();
					release(state.key(), oldest.event(), outcome);
					freed += MemoryBudget.cost(oldest.event());
					any = true;
					if (state.isEmpty()) {
						// at once rather than at the next tick: under the budget's
						// pressure, keys that
						// held one event are the memory it is after. Its clock is not
						// kept: the rule's
						// retired clocks are gone already (they give way first), and this
						// one would be next.
						state.retire();
						keys.remove(state.key(), state);
					}
				}
			}
		}
		return true;
	}

	@Override
	public RuleState stats() {
		long wallMillis = shared.time().wallMillis();
		RuleStateBuilder stats = new RuleStateBuilder(rule.ruleId());
		for (KeyState state : keys.values()) {
			synchronized (state) {
				stats.key(state.size(), state.clock(), wallMillis);
			}
		}
		return stats.build(evictions.get());
	}

	private Detection detection(List<Object> key, Partial partial) {
		List<Detection.KeyValue> keyValues = Detection.keyValues(plan.stages().get(plan.positiveStages()[0]).keys(),
				key);
		List<Detection.Member> members = new ArrayList<>(plan.stages().size());
		int position = 0;
		for (int stage = 0; stage < plan.stages().size(); stage++) {
			members.add(new Detection.Member(stage + 1,
					plan.stages().get(stage).missing() ? null : partial.events()[position++]));
		}
		return new Detection(rule, keyValues, members);
	}

}
