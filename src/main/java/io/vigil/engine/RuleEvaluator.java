package io.vigil.engine;

import java.util.List;
import java.util.function.Consumer;

import io.vigil.rules.Rule;
import io.vigil.rules.RuleState;

/** Evaluates one rule over events; implementations keep whatever state the rule needs. */
sealed interface RuleEvaluator permits EventRuleEvaluator, SequenceEvaluator, SampleEvaluator {

	Rule rule();

	/**
	 * Evaluates the events of a batch that can concern the rule; adds detections, the
	 * candidates retained and let go, and the events too late to take part in sequences.
	 * @param positions positions in the batch, ascending
	 * @param scope the join keys to evaluate the events for; other keys are left to other
	 * partitions
	 */
	void accept(Batch batch, int[] positions, KeyScope scope, EngineOutcome outcome);

	/**
	 * Takes back events retained before a restart, each for the keys of its scope,
	 * without producing again what they produced then; adds to {@code outcome} only what
	 * the caps let go.
	 */
	void restore(List<Scoped> events, EngineOutcome outcome);

	/**
	 * The join keys for which the event can take part in this rule's matches; none for
	 * single-event rules. An event with more keys than one event may have is noted in
	 * {@code outcome}.
	 */
	void candidateKeys(EngineEvent event, EngineOutcome outcome, Consumer<List<Object>> keys);

	/**
	 * Forgets every key's state, so that {@link #restore} can rebuild it from what was
	 * committed after a batch whose commit failed had already changed it. Watermarks
	 * stay: those events did arrive, and a shipper sends them again.
	 */
	void reset();

	/** Retained events, open keys and evictions so far. */
	RuleState stats();

	/**
	 * Closes what the passing of time closes (trailing missing-event windows) and evicts
	 * old state, adding the detections and the candidates let go to {@code outcome}.
	 * @return the state the pass left, taken on the way (the pass visits every key
	 * anyway)
	 */
	RuleState advance(EngineOutcome outcome);

	/**
	 * Decides everything still open, as if no more events could come (used by the rule
	 * test API).
	 */
	void finish(EngineOutcome outcome);

}
