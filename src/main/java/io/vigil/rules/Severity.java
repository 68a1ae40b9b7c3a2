package io.vigil.rules;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** A rule's severity, written in lower case as Elastic does. */
public enum Severity {

	LOW, MEDIUM, HIGH, CRITICAL;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
