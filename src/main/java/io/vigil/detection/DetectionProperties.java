package io.vigil.detection;

import java.time.Duration;

import io.vigil.engine.EngineSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code detection.*} properties of the correlation engine; {@link EngineSettings}
 * says what each means. The defaults are {@link EngineSettings#DEFAULTS} (a test keeps
 * the two equal); without {@code detection.max-retained-memory}, a quarter of the heap.
 */
@ConfigurationProperties("detection")
public record DetectionProperties(@DefaultValue("10m") Duration lateness,
		@DefaultValue("10000") int maxCandidatesPerKey, @DefaultValue("1000000") int maxCandidatesPerRule,
		@DefaultValue("2m") Duration maxFutureSkew, @DefaultValue("100000") int maxRetiredKeysPerRule,
		@Nullable DataSize maxRetainedMemory) {

	EngineSettings engineSettings() {
		return new EngineSettings(lateness, maxCandidatesPerKey, maxCandidatesPerRule, maxFutureSkew,
				maxRetiredKeysPerRule,
				maxRetainedMemory == null ? EngineSettings.defaultRetainedBytes() : maxRetainedMemory.toBytes());
	}

}
