package io.vigil.rules;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The correlation state a running rule holds, and where its event time stands.
 *
 * @param retainedEvents candidate events retained, over all join keys
 * @param openKeys join keys with state
 * @param evictions candidate events dropped so far by age or by the caps
 * @param newestWatermark the most advanced watermark among the rule's keys (each key has
 * its own clock); null without keys
 * @param oldestWatermark the least advanced watermark among the rule's keys; null without
 * keys
 * @param keysAhead keys holding an event dated beyond the service's clock plus the
 * allowed skew: hosts whose clock runs ahead (or forged times)
 */
public record RuleState(String ruleId, long retainedEvents, long openKeys, long evictions,
		@Nullable Instant newestWatermark, @Nullable Instant oldestWatermark, long keysAhead) {

	/**
	 * The state of a rule that keeps none (single-event rules, or a rule no key has
	 * reached).
	 */
	public static RuleState stateless(String ruleId) {
		return new RuleState(ruleId, 0, 0, 0, null, null, 0);
	}

	/**
	 * This state and another part of the same rule's (held by another correlation task)
	 * together.
	 */
	public RuleState plus(RuleState other) {
		return new RuleState(ruleId, retainedEvents + other.retainedEvents, openKeys + other.openKeys,
				evictions + other.evictions, later(newestWatermark, other.newestWatermark, true),
				later(oldestWatermark, other.oldestWatermark, false), keysAhead + other.keysAhead);
	}

	private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b, boolean later) {
		if (a == null || b == null) {
			return a == null ? b : a;
		}
		return a.isAfter(b) == later ? a : b;
	}

}
