package io.vigil.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.vigil.rules.Threat;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An alert as the API shows it.
 *
 * @param id the deterministic id (rule, join key, ordered event identities): the dedup
 * key for SOAR tools, equal to {@code kibana.alert.uuid} of the Kibana form
 * @param rule the rule as it was when the alert was detected
 * @param threat the rule's MITRE ATT&CK mapping at detection time
 * @param keys the join key values, by field ({@code {"host.id": "..."}}); empty for event
 * queries
 * @param events the ordered events: {@code stage} (1-based), {@code missing} for a
 * missing-event stage, and for the others {@code event_id}, {@code index},
 * {@code timestamp} and the event as received ({@code source})
 * @param statusHistory every status change, oldest first
 */
public record AlertView(String id, RuleSnapshot rule, List<Threat> threat, Map<String, @Nullable Object> keys,
		JsonNode events, Instant firstEventAt, Instant lastEventAt, Instant detectedAt, AlertStatus status,
		@Nullable Instant statusUpdatedAt, List<StatusChange> statusHistory) {

	private static final TypeReference<LinkedHashMap<String, @Nullable Object>> KEYS = new TypeReference<>() {
	};

	static AlertView of(Alert alert, JsonMapper json) {
		RuleSnapshot rule = new RuleSnapshot(alert.ruleId(), alert.ruleName(), alert.ruleDescription(),
				alert.severity(), alert.riskScore(), alert.ruleVersion(), alert.ruleUpdatedDate(),
				alert.ruleBuildingBlockType(), alert.ruleTags(), alert.ruleReferences(), alert.ruleFalsePositives());
		return new AlertView(alert.id(), rule, threats(alert.threats()), json.readValue(alert.joinKeys(), KEYS),
				json.readTree(alert.events()), alert.firstEventAt(), alert.lastEventAt(), alert.detectedAt(),
				alert.status(), alert.statusUpdatedAt(), alert.history());
	}

	/** The stored rows back in Elastic's nested form, in rule order. */
	static List<Threat> threats(List<AlertThreat> rows) {
		List<Threat> threats = new ArrayList<>();
		int i = 0;
		while (i < rows.size()) {
			AlertThreat tactic = rows.get(i);
			List<Threat.Technique> techniques = new ArrayList<>();
			while (i < rows.size() && sameTactic(rows.get(i), tactic)) {
				AlertThreat technique = rows.get(i);
				List<Threat.AttackEntry> subtechniques = new ArrayList<>();
				while (i < rows.size() && sameTactic(rows.get(i), tactic)
						&& Objects.equals(rows.get(i).techniqueId(), technique.techniqueId())) {
					AlertThreat sub = rows.get(i++);
					if (sub.subtechniqueId() != null) {
						subtechniques.add(new Threat.AttackEntry(sub.subtechniqueId(), sub.subtechniqueName(),
								sub.subtechniqueReference()));
					}
				}
				if (technique.techniqueId() != null) {
					techniques.add(new Threat.Technique(technique.techniqueId(), technique.techniqueName(),
							technique.techniqueReference(), subtechniques));
				}
			}
			threats.add(new Threat(tactic.framework(),
					new Threat.AttackEntry(tactic.tacticId(), tactic.tacticName(), tactic.tacticReference()),
					techniques));
		}
		return threats;
	}

	private static boolean sameTactic(AlertThreat row, AlertThreat tactic) {
		return row.framework().equals(tactic.framework()) && row.tacticId().equals(tactic.tacticId());
	}

	/**
	 * The rule's metadata as it was when the alert was detected.
	 *
	 * @param updatedDate the rule's {@code metadata.updated_date}, its revision
	 */
	public record RuleSnapshot(String ruleId, String name, String description, String severity, int riskScore,
			@Nullable Integer version, @Nullable String updatedDate, @Nullable String buildingBlockType,
			List<String> tags, List<String> references, List<String> falsePositives) {
	}

}
