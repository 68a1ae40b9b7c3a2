package io.vigil.rules;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of a rule file at load time. */
public enum RuleStatus {

	/** Valid and evaluated. */
	LOADED,
	/** Has at least one error; not evaluated. */
	REJECTED,
	/** Valid metadata, but a rule type other than {@code eql}; not evaluated. */
	UNSUPPORTED;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The status the API writes as {@code value}. */
	public static RuleStatus of(String value) {
		for (RuleStatus status : values()) {
			if (status.value().equals(value.strip().toLowerCase(Locale.ROOT))) {
				return status;
			}
		}
		throw new IllegalArgumentException(
				"Unknown rule status [%s]; expected one of loaded, rejected, unsupported".formatted(value));
	}

}
