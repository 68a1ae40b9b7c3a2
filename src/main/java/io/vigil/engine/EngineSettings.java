package io.vigil.engine;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the correlation state.
 *
 * @param lateness how far behind the newest event an event may arrive and still start or extend
 * sequences ({@code detection.lateness})
 * @param maxCandidatesPerKey retained events per rule and join key; beyond it the oldest go
 * @param maxCandidatesPerRule retained events per rule, all keys together; beyond it the oldest go
 */
@ConfigurationProperties("detection")
public record EngineSettings(@DefaultValue("10m") Duration lateness, @DefaultValue("10000") int maxCandidatesPerKey,
		@DefaultValue("1000000") int maxCandidatesPerRule) {

	public static final EngineSettings DEFAULTS = new EngineSettings(Duration.ofMinutes(10), 10_000, 1_000_000);

}
