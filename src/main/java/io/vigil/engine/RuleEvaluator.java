package io.vigil.engine;

import io.vigil.rules.Rule;

/** Evaluates one rule over events; implementations keep whatever state the rule needs. */
sealed interface RuleEvaluator permits EventRuleEvaluator, SequenceEvaluator, SampleEvaluator {

	Rule rule();

	/** Evaluates a batch; adds detections and the events too late to take part in sequences. */
	void accept(Batch batch, EngineOutcome outcome);

	/** Closes what the passing of time closes (trailing missing-event windows) and evicts old state. */
	void advance(EngineOutcome outcome);

	/** Decides everything still open, as if no more events could come (used by the rule test API). */
	void finish(EngineOutcome outcome);

}
