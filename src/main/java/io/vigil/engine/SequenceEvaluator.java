package io.vigil.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import io.vigil.engine.SequenceMatcher.Partial;
import io.vigil.eql.CompiledQuery;
import io.vigil.rules.Rule;

/**
 * A sequence rule: state per join key, each key locked on its own so that different keys proceed
 * in parallel. Retained events are evicted once no event that is not late could still form a
 * sequence with them: older than the watermark by twice maxspan (a sequence spans at most
 * maxspan, and so does the partial it grows from). Without maxspan, only the caps bound the state.
 */
final class SequenceEvaluator implements RuleEvaluator {

	private final Rule rule;

	private final SequencePlan plan;

	private final Comparator<EngineEvent> ordinal;

	private final ToLongFunction<EngineEvent> clock;

	private final Watermark watermark;

	/** True for rules that select events by ingest time, whose lateness is measured on it. */
	private final boolean ingestClock;

	private final boolean hasTiebreaker;

	private final int tiebreakerSlot;

	private final EngineSettings settings;

	private final Map<List<Object>, KeyState> keys = new ConcurrentHashMap<>();

	/** Retained events in the order they were added, for the rule-wide cap (oldest first). */
	private final Queue<Retained> retained = new ConcurrentLinkedQueue<>();

	/** The queue's size: ConcurrentLinkedQueue counts by walking. */
	private final AtomicLong retainedCount = new AtomicLong();

	private final AtomicLong evictions = new AtomicLong();

	SequenceEvaluator(Rule rule, CompiledQuery.SequenceQuery query, int tiebreakerSlot, EngineSettings settings,
			Watermarks watermarks) {
		this.rule = rule;
		this.plan = SequencePlan.of(query);
		this.ordinal = EngineEvent.ordinal(tiebreakerSlot);
		this.hasTiebreaker = tiebreakerSlot >= 0;
		this.tiebreakerSlot = tiebreakerSlot;
		// Rules that select events by ingest time (timestamp_override) measure lateness on it too.
		this.ingestClock = DetectionEngine.usesIngestClock(rule);
		this.clock = ingestClock ? EngineEvent::ingested : EngineEvent::timestamp;
		this.watermark = watermarks.of(ingestClock);
		this.settings = settings;
	}

	@Override
	public Rule rule() {
		return rule;
	}

	@Override
	public void accept(Batch batch, int[] positions, KeyScope scope, EngineOutcome outcome) {
		long now = watermark.current();
		for (int position : ordered(batch, positions)) {
			EngineEvent event = batch.event(position);
			Map<List<Object>, long[]> matches = matches(event, scope);
			if (matches.isEmpty()) {
				continue;
			}
			if (batch.late(position, ingestClock)) {
				outcome.late(event);
				continue;
			}
			EngineEvent retainedEvent = event.retained(tiebreakerSlot);
			boolean kept = false;
			for (Map.Entry<List<Object>, long[]> match : matches.entrySet()) {
				long[] stages = match.getValue();
				kept |= add(match.getKey(), retainedEvent, stages[0], stages[1] != 0, now, outcome);
			}
			if (kept) {
				outcome.retained(rule, retainedEvent);
			}
		}
		enforceRuleCap();
	}

	/** The positions in this rule's ordinal order: the batch's own, unless a tiebreaker reorders ties. */
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

	/** The keys in scope the event has for the stages (and until) it matches: key → {stage mask, until}. */
	private Map<List<Object>, long[]> matches(EngineEvent event, KeyScope scope) {
		Map<List<Object>, long[]> matches = Map.of();
		List<CompiledQuery.Stage> stages = plan.stages();
		for (int i = 0; i < stages.size(); i++) {
			CompiledQuery.Stage stage = stages.get(i);
			if (stage.condition().test(event.values())) {
				for (List<Object> key : SequencePlan.keys(stage.keys(), event.values())) {
					if (scope.includes(key)) {
						matches = mutable(matches);
						matches.computeIfAbsent(key, ignored -> new long[2])[0] |= 1L << i;
					}
				}
			}
		}
		CompiledQuery.Stage until = plan.until();
		if (until != null && until.condition().test(event.values())) {
			for (List<Object> key : SequencePlan.keys(until.keys(), event.values())) {
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
	 * Retains the event for one key; false when that key holds it already (a redelivery, which
	 * must not count towards the caps and so evict events that are really retained).
	 */
	private boolean add(List<Object> key, EngineEvent event, long stageMask, boolean until, long now,
			EngineOutcome outcome) {
		while (true) {
			KeyState state = keys.computeIfAbsent(key, k -> new KeyState(k, plan, ordinal, clock));
			synchronized (state) {
				if (state.retired()) {
					continue;
				}
				List<Partial> completed = new ArrayList<>(0);
				if (!state.add(event, stageMask, until, now, completed)) {
					return false;
				}
				retained.add(new Retained(state, event));
				retainedCount.incrementAndGet();
				evictions.addAndGet(state.trimTo(settings.maxCandidatesPerKey()));
				completed.forEach(partial -> outcome.detected(detection(key, partial)));
				return true;
			}
		}
	}

	@Override
	public void reset() {
		keys.clear();
		retained.clear();
		retainedCount.set(0);
	}

	@Override
	public void restore(List<Scoped> events) {
		EngineOutcome discarded = new EngineOutcome();
		List<Scoped> sorted = new ArrayList<>(events);
		sorted.sort(Comparator.comparing(Scoped::event, ordinal));
		for (Scoped scoped : sorted) {
			EngineEvent event = scoped.event();
			watermark.observe(clock.applyAsLong(event));
			EngineEvent retainedEvent = event.retained(tiebreakerSlot);
			matches(event, scoped.scope()).forEach(
					(key, match) -> add(key, retainedEvent, match[0], match[1] != 0, Long.MIN_VALUE, discarded));
		}
	}

	@Override
	public void candidateKeys(EngineEvent event, Consumer<List<Object>> keys) {
		matches(event, KeyScope.ALL).keySet().forEach(keys);
	}

	@Override
	public long retentionCutoff() {
		long now = watermark.current();
		return plan.maxspanMillis() < 0 || now == Long.MIN_VALUE ? Long.MIN_VALUE : now - 2 * plan.maxspanMillis();
	}

	@Override
	public void advance(EngineOutcome outcome) {
		long now = watermark.current();
		long cutoff = retentionCutoff();
		for (KeyState state : keys.values()) {
			synchronized (state) {
				state.decideTrailing(now).forEach(partial -> outcome.detected(detection(state.key(), partial)));
				evictions.addAndGet(state.evictBefore(cutoff));
				if (state.isEmpty()) {
					state.retire();
					keys.remove(state.key(), state);
				}
			}
		}
		retained.removeIf(entry -> {
			boolean gone = entry.state().retired();
			if (gone) {
				retainedCount.decrementAndGet();
			}
			return gone;
		});
	}

	@Override
	public void finish(EngineOutcome outcome) {
		for (KeyState state : keys.values()) {
			synchronized (state) {
				state.decideTrailing(Long.MAX_VALUE).forEach(partial -> outcome.detected(detection(state.key(), partial)));
			}
		}
	}

	/** Over the rule-wide cap, the oldest retained events go first, whatever their key. */
	private void enforceRuleCap() {
		while (retainedCount.get() > settings.maxCandidatesPerRule()) {
			Retained oldest = retained.poll();
			if (oldest == null) {
				return;
			}
			retainedCount.decrementAndGet();
			synchronized (oldest.state()) {
				if (oldest.state().remove(oldest.event())) {
					evictions.incrementAndGet();
				}
			}
		}
	}

	@Override
	public RuleStats stats() {
		long events = keys.values().stream().mapToLong(state -> {
			synchronized (state) {
				return state.size();
			}
		}).sum();
		return new RuleStats(rule.ruleId(), events, keys.size(), evictions.get());
	}

	private Detection detection(List<Object> key, Partial partial) {
		List<Detection.KeyValue> keyValues = Detection.keyValues(plan.stages().get(plan.positiveStages()[0]).keys(), key);
		List<Detection.Member> members = new ArrayList<>(plan.stages().size());
		int position = 0;
		for (int stage = 0; stage < plan.stages().size(); stage++) {
			members.add(new Detection.Member(stage + 1,
					plan.stages().get(stage).missing() ? null : partial.events()[position++]));
		}
		return new Detection(rule, keyValues, members);
	}

	private record Retained(KeyState state, EngineEvent event) {
	}

}
