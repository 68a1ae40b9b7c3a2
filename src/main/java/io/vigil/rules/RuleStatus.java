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

}
