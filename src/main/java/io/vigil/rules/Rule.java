package io.vigil.rules;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A detection rule as written in Elastic's TOML format: the {@code [rule]} table, its
 * {@code [metadata]} table and, verbatim, every key this model does not name.
 *
 * @param ruleId stable id across versions and deployments ({@code rule_id})
 * @param timestampOverride selects by ingest time which events a Kibana run sees; never
 * the ordering field
 * @param timestampField the ordering field when a rule sets one; {@code @timestamp}
 * otherwise
 * @param eventCategoryOverride the field that holds the event category,
 * {@code event.category} otherwise
 * @param otherFields keys of {@code [rule]} not modelled here, kept as they were read
 */
public record Rule(String ruleId, String name, String description, String type, @Nullable String language,
		@Nullable String query, Severity severity, int riskScore, List<String> author, @Nullable String license,
		List<String> index, List<String> tags, List<String> references, List<String> falsePositives,
		@Nullable String note, @Nullable String setup, @Nullable String from, @Nullable String interval,
		@Nullable Integer maxSignals, @Nullable Integer version, @Nullable String timestampOverride,
		@Nullable String timestampField, @Nullable String eventCategoryOverride, @Nullable String tiebreakerField,
		@Nullable String buildingBlockType, List<Threat> threat, RuleMetadata metadata,
		Map<String, Object> otherFields) {

	/** The only rule type this service evaluates. */
	public static final String EQL = "eql";

	public Rule {
		author = List.copyOf(author);
		index = List.copyOf(index);
		tags = List.copyOf(tags);
		references = List.copyOf(references);
		falsePositives = List.copyOf(falsePositives);
		threat = List.copyOf(threat);
		otherFields = Map.copyOf(otherFields);
	}

}
