package io.vigil.alerts;

import java.util.Arrays;
import java.util.Locale;

import io.vigil.rules.Severity;

import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Query parameters take statuses and severities as the API writes them: lower case. */
@Configuration(proxyBeanMethods = false)
class AlertWebConfiguration implements WebMvcConfigurer {

	@Override
	public void addFormatters(FormatterRegistry registry) {
		registry.addConverter(String.class, AlertStatus.class, AlertStatus::of);
		registry.addConverter(String.class, Severity.class, AlertWebConfiguration::severity);
	}

	private static Severity severity(String value) {
		return Arrays.stream(Severity.values())
			.filter(severity -> severity.value().equals(value.strip().toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown severity [%s]; expected one of low, medium, high, critical".formatted(value)));
	}

}
