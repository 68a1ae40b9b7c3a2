package io.vigil.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.vigil.eql.CompiledQuery;
import io.vigil.rules.Rule;

/**
 * A sample: per join key, one event for every stage, in any order. The earliest event of each
 * stage is kept; when every stage has one, the sample is produced (events in stage order) and the
 * key starts afresh. Samples have no maxspan: an incomplete sample is dropped once its newest
 * event is older than the watermark, which bounds the state by the lateness horizon.
 */
final class SampleEvaluator implements RuleEvaluator {

	private final Rule rule;

	private final CompiledQuery.SampleQuery query;

	private final Comparator<EngineEvent> ordinal;

	private final Watermark watermark;

	private final boolean ingestClock;

	private final Map<List<Object>, EngineEvent[]> keys = new ConcurrentHashMap<>();

	SampleEvaluator(Rule rule, CompiledQuery.SampleQuery query, int tiebreakerSlot, Watermarks watermarks) {
		this.rule = rule;
		this.query = query;
		this.ordinal = EngineEvent.ordinal(tiebreakerSlot);
		this.ingestClock = DetectionEngine.usesIngestClock(rule);
		this.watermark = watermarks.of(ingestClock);
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
			if (batch.late(position, ingestClock)) {
				if (matchesAnyStage(event)) {
					outcome.late(event);
				}
				continue;
			}
			if (offer(event, scope, outcome)) {
				outcome.retained(rule, event);
			}
		}
	}

	/** Fills the stages the event matches, for each of its keys in scope; true when it matched one. */
	private boolean offer(EngineEvent event, KeyScope scope, EngineOutcome outcome) {
		boolean matched = false;
		for (int stage = 0; stage < query.stages().size(); stage++) {
			CompiledQuery.Stage filter = query.stages().get(stage);
			if (filter.condition().test(event.values())) {
				matched = true;
				for (List<Object> key : SequencePlan.keys(filter.keys(), event.values())) {
					if (scope.includes(key)) {
						fill(key, stage, event, outcome);
					}
				}
			}
		}
		return matched;
	}

	private boolean matchesAnyStage(EngineEvent event) {
		return query.stages().stream().anyMatch(stage -> stage.condition().test(event.values()));
	}

	private void fill(List<Object> key, int stage, EngineEvent event, EngineOutcome outcome) {
		keys.compute(key, (k, chosen) -> {
			EngineEvent[] events = chosen == null ? new EngineEvent[query.stages().size()] : chosen;
			if (events[stage] == null || ordinal.compare(event, events[stage]) < 0) {
				events[stage] = event;
			}
			for (EngineEvent each : events) {
				if (each == null) {
					return events;
				}
			}
			outcome.detected(detection(k, events));
			return null;
		});
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
	}

	@Override
	public void restore(List<Scoped> events) {
		EngineOutcome discarded = new EngineOutcome();
		List<Scoped> sorted = new ArrayList<>(events);
		sorted.sort(Comparator.comparing(Scoped::event, ordinal));
		for (Scoped scoped : sorted) {
			EngineEvent event = scoped.event();
			watermark.observe(ingestClock ? event.ingested() : event.timestamp());
			offer(event, scoped.scope(), discarded);
		}
	}

	@Override
	public void candidateKeys(EngineEvent event, Consumer<List<Object>> keys) {
		Set<List<Object>> distinct = new LinkedHashSet<>();
		for (CompiledQuery.Stage stage : query.stages()) {
			if (stage.condition().test(event.values())) {
				distinct.addAll(SequencePlan.keys(stage.keys(), event.values()));
			}
		}
		distinct.forEach(keys);
	}

	@Override
	public RuleStats stats() {
		return new RuleStats(rule.ruleId(), keys.values().stream().mapToLong(events -> {
			long count = 0;
			for (EngineEvent event : events) {
				count += event == null ? 0 : 1;
			}
			return count;
		}).sum(), keys.size(), 0);
	}

	@Override
	public long retentionCutoff() {
		return watermark.current();
	}

	@Override
	public void advance(EngineOutcome outcome) {
		long now = watermark.current();
		keys.values().removeIf(events -> {
			long newest = Long.MIN_VALUE;
			for (EngineEvent event : events) {
				if (event != null) {
					newest = Math.max(newest, ingestClock ? event.ingested() : event.timestamp());
				}
			}
			return newest < now;
		});
	}

	@Override
	public void finish(EngineOutcome outcome) {
	}

}
