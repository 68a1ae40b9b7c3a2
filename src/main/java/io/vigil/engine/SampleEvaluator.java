package io.vigil.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import io.vigil.eql.CompiledQuery;
import io.vigil.rules.Rule;
import io.vigil.rules.RuleState;

/**
 * A sample: per join key, one event for every stage, in any order. The earliest event of
 * each stage is kept; when every stage has one, the sample is produced (events in stage
 * order) and the key starts afresh, remembering the ids of the events it used up so that
 * sending them again forms no new sample. Samples have no maxspan: an incomplete sample,
 * and the memory of used-up events, go once older than the key's watermark, which bounds
 * the state by the lateness horizon. Each key measures lateness on a clock of its own
 * ({@link KeyClock}), which lives as long as its state.
 */
final class SampleEvaluator implements RuleEvaluator, MemoryBudget.Holder {

	private final Rule rule;

	private final CompiledQuery.SampleQuery query;

	private final Comparator<EngineEvent> ordinal;

	private final ToLongFunction<EngineEvent> clock;

	private final Map<List<Object>, SampleKey> keys = new ConcurrentHashMap<>();

	/**
	 * Samples count towards the budget of all rules; the sequence rules that retain more
	 * give way.
	 */
	private final SharedState shared;

	private final MemoryBudget.Account account;

	private final RetiredClocks retiredClocks;

	SampleEvaluator(Rule rule, CompiledQuery.SampleQuery query, int tiebreakerSlot, SharedState shared) {
		this.shared = shared;
		this.rule = rule;
		this.query = query;
		this.ordinal = EngineEvent.ordinal(tiebreakerSlot);
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
		List<Integer> sorted = new ArrayList<>();
		for (int position : positions) {
			sorted.add(position);
		}
		sorted.sort((a, b) -> ordinal.compare(batch.event(a), batch.event(b)));
		for (int position : sorted) {
			EngineEvent event = batch.event(position);
			if (offer(event, scope, batch.wallMillis(), false, outcome)) {
				outcome.retained(rule, event);
			}
		}
		shared.budget().enforce(outcome);
	}

	/**
	 * Fills the stages the event matches, for each of its keys in scope that it is not
	 * late for; true when it now fills a stage of some key's sample.
	 */
	private boolean offer(EngineEvent event, KeyScope scope, long wallMillis, boolean restoring,
			EngineOutcome outcome) {
		boolean placed = false;
		for (int stage = 0; stage < query.stages().size(); stage++) {
			CompiledQuery.Stage filter = query.stages().get(stage);
			if (filter.condition().test(event.values())) {
				for (List<Object> key : SequencePlan.keys(filter.keys(), event, outcome)) {
					if (scope.includes(key)) {
						placed |= fill(key, stage, event, wallMillis, restoring, outcome);
					}
				}
			}
		}
		return placed;
	}

	private boolean fill(List<Object> key, int stage, EngineEvent event, long wallMillis, boolean restoring,
			EngineOutcome outcome) {
		boolean[] placed = new boolean[1];
		keys.compute(key, (k, existing) -> {
			SampleKey sample = existing == null ? new SampleKey(query.stages().size(), retiredClocks.revive(k))
					: existing;
			long value = clock.applyAsLong(event);
			if (sample.holds(event)) {
				outcome.redelivered(event);
				return sample;
			}
			if (!restoring && sample.clock.late(value, wallMillis)) {
				outcome.late(event);
				if (existing == null) {
					retiredClocks.retire(k, sample.clock);
				}
				return existing;
			}
			sample.clock.observe(value, wallMillis);
			EngineEvent current = sample.events[stage];
			if (current == null || ordinal.compare(event, current) < 0) {
				if (current != null) {
					release(k, current, outcome);
				}
				sample.events[stage] = event;
				shared.holdings().hold(event);
				account.charge(event);
				placed[0] = true;
			}
			if (!sample.complete()) {
				return sample;
			}
			if (!restoring) {
				outcome.detected(detection(k, sample.events));
			}
			sample.forEach(each -> release(k, each, outcome));
			sample.useUp(clock);
			return sample;
		});
		return placed[0];
	}

	private void release(List<Object> key, EngineEvent event, EngineOutcome outcome) {
		account.discharge(event);
		shared.holdings().release(event);
		outcome.released(rule, key, event);
	}

	private Detection detection(List<Object> key, EngineEvent[] events) {
		List<Detection.KeyValue> keyValues = Detection.keyValues(query.stages().getFirst().keys(), key);
		List<Detection.Member> members = new ArrayList<>();
		for (int stage = 0; stage < events.length; stage++) {
			members.add(new Detection.Member(stage + 1, events[stage]));
		}
		return new Detection(rule, keyValues, members);
	}

	@Override
	public void reset() {
		keys.clear();
		retiredClocks.clear();
	}

	@Override
	public void restore(List<Scoped> events, EngineOutcome outcome) {
		List<Scoped> sorted = new ArrayList<>(events);
		sorted.sort(Comparator.comparing(Scoped::event, ordinal));
		long wallMillis = shared.time().wallMillis();
		for (Scoped scoped : sorted) {
			offer(scoped.event(), scoped.scope(), wallMillis, true, outcome);
		}
	}

	@Override
	public void candidateKeys(EngineEvent event, EngineOutcome outcome, Consumer<List<Object>> keys) {
		Set<List<Object>> distinct = new LinkedHashSet<>();
		for (CompiledQuery.Stage stage : query.stages()) {
			if (stage.condition().test(event.values())) {
				distinct.addAll(SequencePlan.keys(stage.keys(), event, outcome));
			}
		}
		distinct.forEach(keys);
	}

	@Override
	public RuleState stats() {
		long wallMillis = shared.time().wallMillis();
		RuleStateBuilder stats = new RuleStateBuilder(rule.ruleId());
		for (List<Object> key : keys.keySet()) {
			keys.computeIfPresent(key, (k, sample) -> {
				stats.key(sample.size(), sample.clock, wallMillis);
				return sample;
			});
		}
		return stats.build(0);
	}

	@Override
	public RuleState advance(EngineOutcome outcome) {
		long wallMillis = shared.time().wallMillis();
		RuleStateBuilder stats = new RuleStateBuilder(rule.ruleId());
		for (List<Object> key : keys.keySet()) {
			keys.computeIfPresent(key, (k, sample) -> {
				long watermark = sample.clock.watermark(wallMillis);
				sample.forgetUsedBefore(watermark);
				if (sample.size() > 0 && sample.newest(clock) < watermark) {
					sample.forEach(each -> release(k, each, outcome));
					sample.clear();
				}
				if (sample.size() == 0 && !sample.remembersUsed()) {
					retiredClocks.retire(k, sample.clock);
					return null;
				}
				stats.key(sample.size(), sample.clock, wallMillis);
				return sample;
			});
		}
		return stats.build(0);
	}

	@Override
	public void finish(EngineOutcome outcome) {
	}

	@Override
	public boolean canGiveWay() {
		return !retiredClocks.isEmpty();
	}

	/**
	 * Lets retired clocks go only: a sample keeps at most one event per stage and key,
	 * and forgets by age.
	 */
	@Override
	public boolean letOldestGo(long bytes, EngineOutcome outcome) {
		return retiredClocks.letOldestGo(bytes) > 0;
	}

	/**
	 * One key's sample so far (the earliest event of each stage), the events it used up,
	 * and the key's clock.
	 */
	private static final class SampleKey {

		private final EngineEvent[] events;

		private final KeyClock clock;

		/** Ids of events earlier samples used up, with their clock values. */
		private final Map<String, Long> used = new HashMap<>(0);

		SampleKey(int stages, KeyClock clock) {
			this.events = new EngineEvent[stages];
			this.clock = clock;
		}

		boolean holds(EngineEvent event) {
			if (used.containsKey(event.id())) {
				return true;
			}
			for (EngineEvent held : events) {
				if (held != null && held.id().equals(event.id())) {
					return true;
				}
			}
			return false;
		}

		/**
		 * After a sample is produced: remembers its events as used up and starts afresh.
		 */
		void useUp(ToLongFunction<EngineEvent> clock) {
			forEach(event -> used.put(event.id(), clock.applyAsLong(event)));
			clear();
		}

		void forgetUsedBefore(long watermark) {
			used.values().removeIf(value -> value < watermark);
		}

		boolean remembersUsed() {
			return !used.isEmpty();
		}

		void clear() {
			Arrays.fill(events, null);
		}

		boolean complete() {
			for (EngineEvent event : events) {
				if (event == null) {
					return false;
				}
			}
			return true;
		}

		int size() {
			int size = 0;
			for (EngineEvent event : events) {
				size += event == null ? 0 : 1;
			}
			return size;
		}

		long newest(ToLongFunction<EngineEvent> clock) {
			long newest = Long.MIN_VALUE;
			for (EngineEvent event : events) {
				if (event != null) {
					newest = Math.max(newest, clock.applyAsLong(event));
				}
			}
			return newest;
		}

		void forEach(Consumer<EngineEvent> action) {
			for (EngineEvent event : events) {
				if (event != null) {
					action.accept(event);
				}
			}
		}

	}

}
