package io.vigil.rules;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class RulesConfiguration implements WebMvcConfigurer {

	private static final Logger log = LoggerFactory.getLogger(RulesConfiguration.class);

	/** The status filter takes the values the API writes: lower case. */
	@Override
	public void addFormatters(FormatterRegistry registry) {
		registry.addConverter(String.class, RuleStatus.class, RuleStatus::of);
	}

	@Bean
	RuleCatalogue ruleCatalogue(RulesProperties properties) {
		RuleCatalogue catalogue = RuleLoader.load(properties.rulesDir());
		if (catalogue.files().isEmpty()) {
			log.warn("No rule files found below [{}]; set detection.rules-dir or RULES_DIR",
					properties.rulesDir().toAbsolutePath().normalize());
		}
		else {
			log.info("Rules from [{}]: {}", properties.rulesDir().toAbsolutePath().normalize(), catalogue.report());
		}
		return catalogue;
	}

	@Bean
	MeterBinder ruleMetrics(RuleCatalogue catalogue) {
		return registry -> catalogue.countByStatus()
			.forEach((status, count) -> Gauge.builder("vigil.rules", () -> count)
				.description("Rule files by load status")
				.tag("status", status.value())
				.register(registry));
	}

}
