package io.vigil.detection;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineSettings;
import io.vigil.engine.EventReader;
import io.vigil.rules.RuleCatalogue;
import io.vigil.rules.RuleState;
import io.vigil.rules.RuleStates;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DetectionConfiguration {

	/**
	 * Refused at start-up with the property at fault when the settings contradict each
	 * other.
	 */
	@Bean
	EngineSettings engineSettings(DetectionProperties properties) {
		return properties.engineSettings();
	}

	/** Reads each incoming event once, for the fields of every loaded rule. */
	@Bean
	EventReader eventReader(RuleCatalogue catalogue) {
		return new EventReader(catalogue.slots());
	}

	@Bean
	DetectionEngine detectionEngine(RuleCatalogue catalogue, EngineSettings settings, Clock clock) {
		return new DetectionEngine(catalogue.files(), catalogue.slots(), settings, clock);
	}

	/** The state of each rule, for the rule API (clustered mode has its own). */
	@Bean
	@ConditionalOnBooleanProperty(name = "cluster.enabled", havingValue = false, matchIfMissing = true)
	RuleStates ruleStates(DetectionEngine engine) {
		return engine::stats;
	}

	/**
	 * Per rule with state: retained events, open keys, evictions, how far its keys'
	 * watermarks reach and how many keys run ahead of the wall clock (clustered mode has
	 * its own).
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "cluster.enabled", havingValue = false, matchIfMissing = true)
	MeterBinder correlationMetrics(DetectionEngine engine) {
		RuleStateSnapshot states = new RuleStateSnapshot(engine);
		return registry -> {
			for (RuleState stats : engine.stats()) {
				String ruleId = stats.ruleId();
				Gauge.builder("vigil.correlation.retained.events", states, s -> s.of(ruleId).retainedEvents())
					.description("Candidate events retained for sequences and samples")
					.tag("rule_id", ruleId)
					.register(registry);
				Gauge.builder("vigil.correlation.open.keys", states, s -> s.of(ruleId).openKeys())
					.description("Join keys with partial sequences or samples")
					.tag("rule_id", ruleId)
					.register(registry);
				FunctionCounter.builder("vigil.correlation.evictions", states, s -> s.of(ruleId).evictions())
					.description("Retained events dropped by age or by the caps")
					.tag("rule_id", ruleId)
					.register(registry);
				watermarkGauge(registry, states, ruleId, "newest", RuleState::newestWatermark);
				watermarkGauge(registry, states, ruleId, "oldest", RuleState::oldestWatermark);
				Gauge.builder("vigil.correlation.keys.ahead", states, s -> s.of(ruleId).keysAhead())
					.description("Join keys holding an event dated beyond the service's clock plus "
							+ "detection.max-future-skew: hosts whose clock runs ahead")
					.tag("rule_id", ruleId)
					.register(registry);
			}
		};
	}

	/**
	 * A rule's newest or oldest key watermark in epoch seconds; NaN while no key has one.
	 */
	private static void watermarkGauge(MeterRegistry registry, RuleStateSnapshot states, String ruleId, String which,
			Function<RuleState, @Nullable Instant> watermark) {
		Gauge.builder("vigil.correlation.watermark", states, s -> {
			Instant at = watermark.apply(s.of(ruleId));
			return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
		})
			.description("Watermark of the rule's join keys (each key has its own), epoch seconds")
			.baseUnit("seconds")
			.tag("rule_id", ruleId)
			.tag("key", which)
			.register(registry);
	}

	/**
	 * Every rule's state as the last tick left it: a scrape reads six gauges per rule,
	 * and a fresh state would be a walk over every key of every rule, which the tick
	 * takes anyway.
	 */
	private record RuleStateSnapshot(DetectionEngine engine) {

		RuleState of(String ruleId) {
			return engine.statesAtLastAdvance().getOrDefault(ruleId, RuleState.stateless(ruleId));
		}

	}

}
