package io.vigil.detection;

import java.util.Map;

import io.vigil.engine.EngineSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The {@code detection.*} properties as the application binds them. */
class DetectionPropertiesTests {

	@Test
	void theDefaultsAreTheEnginesDefaults() {
		assertThat(bind(Map.of()).engineSettings()).isEqualTo(EngineSettings.DEFAULTS);
	}

	@Test
	void aSkewNotBelowTheLatenessIsRefusedNamingBothProperties() {
		DetectionProperties properties = bind(Map.of("detection.lateness", "5m", "detection.max-future-skew", "5m"));
		assertThatIllegalArgumentException().isThrownBy(properties::engineSettings)
			.withMessageStartingWith(
					"detection.max-future-skew [PT5M] must be at least 0 and less than " + "detection.lateness [PT5M]");
	}

	private static DetectionProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("detection",
				DetectionProperties.class);
	}

}
