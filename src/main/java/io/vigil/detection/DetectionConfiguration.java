package io.vigil.detection;

import java.time.Clock;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineSettings;
import io.vigil.engine.RuleStats;
import io.vigil.rules.RuleCatalogue;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class DetectionConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	DetectionEngine detectionEngine(RuleCatalogue catalogue, EngineSettings settings, Clock clock) {
		return new DetectionEngine(catalogue.files(), catalogue.slots(), settings, clock);
	}

	/** Per rule with state: retained events, open keys, evictions (clustered mode has its own). */
	@Bean
	@ConditionalOnBooleanProperty(name = "cluster.enabled", havingValue = false, matchIfMissing = true)
	MeterBinder correlationMetrics(DetectionEngine engine) {
		return registry -> {
			for (RuleStats stats : engine.stats()) {
				String ruleId = stats.ruleId();
				Gauge.builder("vigil.correlation.retained.events", engine, e -> of(e, ruleId).retainedEvents())
					.description("Candidate events retained for sequences and samples")
					.tag("rule_id", ruleId)
					.register(registry);
				Gauge.builder("vigil.correlation.open.keys", engine, e -> of(e, ruleId).openKeys())
					.description("Join keys with partial sequences or samples")
					.tag("rule_id", ruleId)
					.register(registry);
				FunctionCounter.builder("vigil.correlation.evictions", engine, e -> of(e, ruleId).evictions())
					.description("Retained events dropped by age or by the caps")
					.tag("rule_id", ruleId)
					.register(registry);
			}
		};
	}

	private static RuleStats of(DetectionEngine engine, String ruleId) {
		return engine.stats(ruleId).orElse(new RuleStats(ruleId, 0, 0, 0));
	}

}
