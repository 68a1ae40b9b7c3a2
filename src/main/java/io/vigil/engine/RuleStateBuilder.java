package io.vigil.engine;

import java.time.Instant;

import io.vigil.rules.RuleState;

/** Gathers a rule's state key by key. */
final class RuleStateBuilder {

	private final String ruleId;

	private long retained;

	private long keys;

	private long newest = Long.MIN_VALUE;

	private long oldest = Long.MAX_VALUE;

	private long ahead;

	RuleStateBuilder(String ruleId) {
		this.ruleId = ruleId;
	}

	void key(long retainedEvents, KeyClock clock, long wallMillis) {
		retained += retainedEvents;
		keys++;
		long watermark = clock.watermark(wallMillis);
		if (watermark != Long.MIN_VALUE) {
			newest = Math.max(newest, watermark);
			oldest = Math.min(oldest, watermark);
		}
		if (clock.ahead(wallMillis)) {
			ahead++;
		}
	}

	/**
	 * @param evictions the rule's evictions so far
	 */
	RuleState build(long evictions) {
		boolean any = newest != Long.MIN_VALUE;
		return new RuleState(ruleId, retained, keys, evictions, any ? Instant.ofEpochMilli(newest) : null,
				any ? Instant.ofEpochMilli(oldest) : null, ahead);
	}

}
