package io.vigil.engine;

import java.time.Duration;

/**
 * Limits of the correlation state and of the trust in event time (bound from the
 * {@code detection.*} properties by the application).
 *
 * @param lateness how far behind the newest event of its own join key an event may arrive
 * and still start or extend sequences ({@code detection.lateness})
 * @param maxCandidatesPerKey retained events per rule and join key; beyond it the oldest
 * go
 * @param maxCandidatesPerRule retained events per rule, all keys together; beyond it the
 * oldest go
 * @param maxFutureSkew how far ahead of the service's clock an event time is believed
 * ({@code detection.max-future-skew}). Two minutes: far beyond what NTP-synchronised
 * hosts and shipper buffering drift, yet a fifth of the default lateness, so that an
 * event forged for a key, however far in the future, takes from that key's lateness
 * horizon no more than this.
 * @param maxRetiredKeysPerRule join keys per rule whose state was forgotten but whose
 * clock is kept, so that an event of theirs sent again much later is judged late rather
 * than taken as new ({@code detection.max-retired-keys-per-rule}); beyond it the longest
 * retired go first
 * @param maxRetainedBytes the memory the candidates and retired key clocks of all rules
 * may take together ({@code detection.max-retained-memory}, a quarter of the heap by
 * default); beyond it the rule that holds the most lets its retired clocks go, then its
 * oldest candidates
 */
public record EngineSettings(Duration lateness, int maxCandidatesPerKey, int maxCandidatesPerRule,
		Duration maxFutureSkew, int maxRetiredKeysPerRule, long maxRetainedBytes) {

	/**
	 * The service's defaults, for code that runs the engine without the application
	 * (tests, benchmarks).
	 */
	public static final EngineSettings DEFAULTS = new EngineSettings(Duration.ofMinutes(10), 10_000, 1_000_000,
			Duration.ofMinutes(2));

	/**
	 * Settings with the default memory of retired keys and budget of retained candidates.
	 */
	public EngineSettings(Duration lateness, int maxCandidatesPerKey, int maxCandidatesPerRule,
			Duration maxFutureSkew) {
		this(lateness, maxCandidatesPerKey, maxCandidatesPerRule, maxFutureSkew, 100_000, defaultRetainedBytes());
	}

	/**
	 * A quarter of the heap: retained events are the engine's only state that grows with
	 * traffic.
	 */
	public static long defaultRetainedBytes() {
		return Runtime.getRuntime().maxMemory() / 4;
	}

	public EngineSettings {
		if (maxFutureSkew.isNegative() || maxFutureSkew.compareTo(lateness) >= 0) {
			throw new IllegalArgumentException(("detection.max-future-skew [%s] must be at least 0 and less than "
					+ "detection.lateness [%s]: otherwise one event dated in the future could make every later event "
					+ "of its key late")
				.formatted(maxFutureSkew, lateness));
		}
	}

}
