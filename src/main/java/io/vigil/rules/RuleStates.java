package io.vigil.rules;

import java.util.Optional;

/**
 * Where the state of running rules can be read: provided by whatever evaluates them in
 * this process.
 */
@FunctionalInterface
public interface RuleStates {

	/** The rule's state; empty when this process does not evaluate the rule. */
	Optional<RuleState> of(String ruleId);

}
