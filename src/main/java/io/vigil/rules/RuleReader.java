package io.vigil.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.vigil.diagnostics.Diagnostic;
import io.vigil.diagnostics.SourceText;
import org.jspecify.annotations.Nullable;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * Reads one rule file of Elastic's detection-rules format into a {@link Rule}, collecting
 * every problem of the file with its position rather than stopping at the first.
 */
final class RuleReader {

	private static final Set<String> METADATA_KEYS = Set.of("creation_date", "updated_date", "maturity", "integration",
			"min_stack_version", "min_stack_comments");

	private static final Set<String> RULE_KEYS = Set.of("rule_id", "name", "description", "type", "language", "query",
			"severity", "risk_score", "author", "license", "index", "tags", "references", "false_positives", "note",
			"setup", "from", "interval", "max_signals", "version", "timestamp_override", "timestamp_field",
			"event_category_override", "tiebreaker_field", "building_block_type", "threat");

	/** Rule types whose queries need a language the service does not evaluate. */
	private static final Set<String> KNOWN_TYPES = Set.of("eql", "query", "threshold", "esql", "machine_learning",
			"new_terms", "threat_match", "saved_query");

	private static final Pattern DATE = Pattern.compile("\\d{4}/\\d{2}/\\d{2}");

	private static final Pattern TACTIC_ID = Pattern.compile("TA\\d{4}");

	private static final Pattern TECHNIQUE_ID = Pattern.compile("T\\d{4}");

	private static final Pattern SUBTECHNIQUE_ID = Pattern.compile("T\\d{4}\\.\\d{3}");

	private static final TomlPosition START = TomlPosition.positionAt(1, 1);

	private RuleReader() {
	}

	static Reading read(SourceText source) {
		List<Diagnostic> diagnostics = new ArrayList<>();
		TomlParseResult toml = Toml.parse(source.text());
		if (toml.hasErrors()) {
			for (TomlParseError error : toml.errors()) {
				diagnostics.add(Diagnostic.error(source, error.position().line(), error.position().column(),
						"invalid TOML: " + stripPosition(error.getMessage())));
			}
			return new Reading(null, diagnostics, START, null);
		}
		TomlFields file = new TomlFields(source, toml, "", START, diagnostics);
		TomlFields metadataTable = file.requiredTable("metadata");
		TomlFields ruleTable = file.requiredTable("rule");
		RuleMetadata metadata = metadataTable != null ? metadata(metadataTable) : null;
		Rule rule = ruleTable != null ? rule(ruleTable, metadata) : null;
		TomlPosition ruleIdPosition = toml.inputPositionOf("rule.rule_id");
		return new Reading(diagnostics.stream().anyMatch(Diagnostic::isError) ? null : rule, diagnostics,
				ruleIdPosition != null ? ruleIdPosition : START, toml.inputPositionOf("rule.query"));
	}

	private static RuleMetadata metadata(TomlFields table) {
		String creationDate = date(table, "creation_date");
		String updatedDate = date(table, "updated_date");
		String maturity = table.requiredString("maturity");
		return new RuleMetadata(orEmpty(creationDate), orEmpty(updatedDate), orEmpty(maturity),
				table.stringOrStringArray("integration"), table.optionalString("min_stack_version"),
				table.optionalString("min_stack_comments"), table.others(METADATA_KEYS));
	}

	private static @Nullable String date(TomlFields table, String key) {
		String value = table.requiredString(key);
		if (value != null && !DATE.matcher(value).matches()) {
			table.errorAt(key,
					"field [%s] must be a date written YYYY/MM/DD, found [%s]".formatted(table.qualified(key), value));
		}
		return value;
	}

	private static @Nullable Rule rule(TomlFields table, @Nullable RuleMetadata metadata) {
		String ruleId = table.requiredString("rule_id");
		String name = table.requiredString("name");
		String description = table.requiredString("description");
		String type = table.requiredString("type");
		if (type != null && !KNOWN_TYPES.contains(type)) {
			table.errorAt("type", "field [rule.type] must be one of %s, found [%s]"
				.formatted(KNOWN_TYPES.stream().sorted().toList(), type));
		}
		boolean eql = Rule.EQL.equals(type);
		String language = eql ? table.requiredString("language") : table.optionalString("language");
		if (eql && language != null && !Rule.EQL.equals(language)) {
			table.errorAt("language",
					"field [rule.language] must be [eql] for a rule of type [eql], found [%s]".formatted(language));
		}
		String query = eql ? table.requiredString("query") : table.optionalString("query");
		Severity severity = severity(table);
		Integer riskScore = riskScore(table);
		List<String> author = table.stringArray("author", true);
		Integer maxSignals = positiveInt(table, "max_signals");
		Integer version = positiveInt(table, "version");
		List<Threat> threats = table.tableArray("threat", false).stream().map(RuleReader::threat).toList();
		String timestampField = table.optionalString("timestamp_field");
		if (timestampField != null && !timestampField.equals("@timestamp")) {
			// Ordering and maxspan on another field would silently give other results
			// than Elasticsearch.
			table.errorAt("timestamp_field",
					"field [rule.timestamp_field] = [%s] is not supported: sequences are ordered on [@timestamp]"
						.formatted(timestampField));
		}
		if (ruleId == null || name == null || description == null || type == null || severity == null
				|| riskScore == null || metadata == null) {
			return null;
		}
		return new Rule(ruleId, name, description, type, language, query, severity, riskScore, author,
				table.optionalString("license"), table.stringArray("index", false), table.stringArray("tags", false),
				table.stringArray("references", false), table.stringArray("false_positives", false),
				table.optionalString("note"), table.optionalString("setup"), table.optionalString("from"),
				table.optionalString("interval"), maxSignals, version, table.optionalString("timestamp_override"),
				timestampField, table.optionalString("event_category_override"),
				table.optionalString("tiebreaker_field"), table.optionalString("building_block_type"), threats,
				metadata, table.others(RULE_KEYS));
	}

	private static @Nullable Severity severity(TomlFields table) {
		String value = table.requiredString("severity");
		if (value == null) {
			return null;
		}
		for (Severity severity : Severity.values()) {
			if (severity.value().equals(value)) {
				return severity;
			}
		}
		table.errorAt("severity",
				"field [rule.severity] must be one of [low, medium, high, critical], found [%s]".formatted(value));
		return null;
	}

	private static @Nullable Integer riskScore(TomlFields table) {
		Long value = table.requiredInteger("risk_score");
		if (value != null && (value < 0 || value > 100)) {
			table.errorAt("risk_score",
					"field [rule.risk_score] must be between 0 and 100, found [%d]".formatted(value));
			return null;
		}
		return value == null ? null : value.intValue();
	}

	private static @Nullable Integer positiveInt(TomlFields table, String key) {
		Long value = table.optionalInteger(key);
		if (value != null && (value < 1 || value > Integer.MAX_VALUE)) {
			table.errorAt(key,
					"field [%s] must be a positive integer, found [%d]".formatted(table.qualified(key), value));
			return null;
		}
		return value == null ? null : value.intValue();
	}

	private static Threat threat(TomlFields table) {
		String framework = table.requiredString("framework");
		TomlFields tacticTable = table.requiredTable("tactic");
		Threat.AttackEntry tactic = tacticTable != null ? attackEntry(tacticTable, TACTIC_ID, "tactic", "TA0002")
				: null;
		List<Threat.Technique> techniques = table.tableArray("technique", false)
			.stream()
			.map(RuleReader::technique)
			.toList();
		return new Threat(orEmpty(framework), tactic != null ? tactic : new Threat.AttackEntry("", "", ""), techniques);
	}

	private static Threat.Technique technique(TomlFields table) {
		Threat.AttackEntry technique = attackEntry(table, TECHNIQUE_ID, "technique", "T1059");
		List<Threat.AttackEntry> subtechniques = new ArrayList<>();
		for (TomlFields subtable : table.tableArray("subtechnique", false)) {
			Threat.AttackEntry subtechnique = attackEntry(subtable, SUBTECHNIQUE_ID, "sub-technique", "T1059.001");
			if (SUBTECHNIQUE_ID.matcher(subtechnique.id()).matches() && TECHNIQUE_ID.matcher(technique.id()).matches()
					&& !subtechnique.id().startsWith(technique.id() + ".")) {
				subtable.errorAt("id", "sub-technique [%s] does not belong to technique [%s]"
					.formatted(subtechnique.id(), technique.id()));
			}
			subtechniques.add(subtechnique);
		}
		return new Threat.Technique(technique.id(), technique.name(), technique.reference(), subtechniques);
	}

	private static Threat.AttackEntry attackEntry(TomlFields table, Pattern idPattern, String kind, String example) {
		String id = table.requiredString("id");
		if (id != null && !idPattern.matcher(id).matches()) {
			table.errorAt("id", "malformed %s id [%s] in [%s], expected the form %s".formatted(kind, id,
					table.qualified("id"), example));
		}
		return new Threat.AttackEntry(orEmpty(id), orEmpty(table.requiredString("name")),
				orEmpty(table.requiredString("reference")));
	}

	private static String orEmpty(@Nullable String value) {
		return value == null ? "" : value;
	}

	/**
	 * tomlj appends "(line x, column y)" to its messages; the diagnostic carries the
	 * position.
	 */
	private static String stripPosition(String message) {
		return message.replaceFirst("\\s*\\(line \\d+, column \\d+\\)$", "");
	}

	/**
	 * The rule, when the file had no error, every diagnostic found, and where rule_id and
	 * query are written.
	 */
	record Reading(@Nullable Rule rule, List<Diagnostic> diagnostics, TomlPosition ruleIdPosition,
			@Nullable TomlPosition queryPosition) {

		Reading {
			diagnostics = List.copyOf(diagnostics);
		}

	}

}
