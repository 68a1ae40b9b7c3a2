package io.vigil.engine;

import java.util.List;
import java.util.function.Consumer;

import io.vigil.eql.eval.Condition;
import io.vigil.rules.Rule;
import io.vigil.rules.RuleState;

/** A single-event query: one detection per matching event, late or not. Stateless. */
record EventRuleEvaluator(Rule rule, Condition condition) implements RuleEvaluator {

	@Override
	public void accept(Batch batch, int[] positions, KeyScope scope, EngineOutcome outcome) {
		for (int position : positions) {
			EngineEvent event = batch.event(position);
			if (condition.test(event.values())) {
				outcome.detected(new Detection(rule, List.of(), List.of(new Detection.Member(1, event))));
			}
		}
	}

	@Override
	public void reset() {
		// no state
	}

	@Override
	public void restore(List<Scoped> events, EngineOutcome outcome) {
	}

	@Override
	public void candidateKeys(EngineEvent event, EngineOutcome outcome, Consumer<List<Object>> keys) {
	}

	@Override
	public RuleState stats() {
		return RuleState.stateless(rule.ruleId());
	}

	@Override
	public RuleState advance(EngineOutcome outcome) {
		return stats();
	}

	@Override
	public void finish(EngineOutcome outcome) {
	}

}
