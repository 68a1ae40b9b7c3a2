package io.vigil.security;

import java.util.Locale;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What a key may do. A key holds one or more roles; none implies another. */
public enum Role {

	/**
	 * Send events: {@code POST /api/v1/events} and the Elasticsearch-compatible
	 * endpoints.
	 */
	INGEST,

	/** Read alerts, rules and ATT&CK coverage. */
	READ,

	/** Change the status of alerts. */
	TRIAGE,

	/** Validate and test rules; metrics and every actuator endpoint beyond health. */
	ADMIN;

	GrantedAuthority authority() {
		return new SimpleGrantedAuthority("ROLE_" + name());
	}

	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
