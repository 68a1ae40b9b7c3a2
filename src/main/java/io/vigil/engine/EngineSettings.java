package io.vigil.engine;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the correlation state and of the trust in event time.
 *
 * @param lateness how far behind the newest event of its own join key an event may arrive and still
 * start or extend sequences ({@code detection.lateness})
 * @param maxCandidatesPerKey retained events per rule and join key; beyond it the oldest go
 * @param maxCandidatesPerRule retained events per rule, all keys together; beyond it the oldest go
 * @param maxFutureSkew how far ahead of the service's clock an event time is believed
 * ({@code detection.max-future-skew}). Two minutes: far beyond what NTP-synchronised hosts and
 * shipper buffering drift, yet a fifth of the default lateness, so that an event forged for a key,
 * however far in the future, takes from that key's lateness horizon no more than this.
 */
@ConfigurationProperties("detection")
public record EngineSettings(@DefaultValue("10m") Duration lateness, @DefaultValue("10000") int maxCandidatesPerKey,
		@DefaultValue("1000000") int maxCandidatesPerRule, @DefaultValue("2m") Duration maxFutureSkew) {

	public static final EngineSettings DEFAULTS = new EngineSettings(Duration.ofMinutes(10), 10_000, 1_000_000,
			Duration.ofMinutes(2));

	public EngineSettings {
		if (maxFutureSkew.isNegative() || maxFutureSkew.compareTo(lateness) >= 0) {
			throw new IllegalArgumentException(("detection.max-future-skew [%s] must be at least 0 and less than "
					+ "detection.lateness [%s]: otherwise one event dated in the future could make every later event "
					+ "of its key late").formatted(maxFutureSkew, lateness));
		}
	}

}
