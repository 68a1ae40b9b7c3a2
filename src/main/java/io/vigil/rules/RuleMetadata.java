package io.vigil.rules;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The {@code [metadata]} table of a rule file.
 *
 * @param creationDate as written, {@code YYYY/MM/DD}
 * @param updatedDate as written, {@code YYYY/MM/DD}; serves as the rule's revision
 * @param otherFields keys not modelled here, kept as they were read
 */
public record RuleMetadata(String creationDate, String updatedDate, String maturity, List<String> integration,
		@Nullable String minStackVersion, @Nullable String minStackComments, Map<String, Object> otherFields) {

	public RuleMetadata {
		integration = List.copyOf(integration);
		otherFields = Map.copyOf(otherFields);
	}

}
