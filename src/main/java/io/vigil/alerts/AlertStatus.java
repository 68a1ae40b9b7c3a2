package io.vigil.alerts;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where an analyst is with an alert, as Kibana's {@code kibana.alert.workflow_status}.
 * Every change between the three is allowed (an alert closed by mistake can be reopened);
 * each is recorded in the alert's history.
 */
public enum AlertStatus {

	OPEN, ACKNOWLEDGED, CLOSED;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The status written as {@link #value()}; case is ignored. */
	public static AlertStatus of(String value) {
		return Arrays.stream(values())
			.filter(status -> status.value().equalsIgnoreCase(value.strip()))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown alert status [%s]; expected one of open, acknowledged, closed".formatted(value)));
	}

}
