package io.vigil.attack;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.vigil.alerts.AlertService.AttackCounts;
import io.vigil.alerts.AlertThreat;
import io.vigil.rules.Rule;
import io.vigil.rules.Threat;

/**
 * Per tactic, technique and sub-technique: the loaded rules that name it and the alerts
 * of a time range that carry it. Entries only alerts carry (of a rule since removed) are
 * listed with no rules. Counts are distinct alerts, so a tactic's count is not the sum of
 * its techniques'.
 */
public record AttackCoverage(Instant from, Instant to, List<TacticCoverage> tactics) {

	public AttackCoverage {
		tactics = List.copyOf(tactics);
	}

	static AttackCoverage of(List<Rule> rules, AttackCounts counts, Instant from, Instant to) {
		Map<String, Node> tactics = new TreeMap<>();
		for (Rule rule : rules) {
			RuleReference reference = new RuleReference(rule.ruleId(), rule.name());
			for (Threat threat : rule.threat()) {
				Node tactic = tactics.computeIfAbsent(threat.tactic().id(), id -> new Node(threat.tactic()));
				tactic.rules.add(reference);
				for (Threat.Technique technique : threat.techniques()) {
					Node techniqueNode = tactic.children.computeIfAbsent(technique.id(),
							id -> new Node(new Threat.AttackEntry(id, technique.name(), technique.reference())));
					techniqueNode.rules.add(reference);
					for (Threat.AttackEntry sub : technique.subtechniques()) {
						techniqueNode.children.computeIfAbsent(sub.id(), id -> new Node(sub)).rules.add(reference);
					}
				}
			}
		}
		for (AlertThreat row : counts.detected()) {
			Node tactic = tactics.computeIfAbsent(row.tacticId(),
					id -> new Node(new Threat.AttackEntry(id, row.tacticName(), row.tacticReference())));
			if (row.techniqueId() != null) {
				Node technique = tactic.children.computeIfAbsent(row.techniqueId(),
						id -> new Node(new Threat.AttackEntry(id, row.techniqueName(), row.techniqueReference())));
				if (row.subtechniqueId() != null) {
					technique.children.computeIfAbsent(row.subtechniqueId(), id -> new Node(
							new Threat.AttackEntry(id, row.subtechniqueName(), row.subtechniqueReference())));
				}
			}
		}
		List<TacticCoverage> coverage = tactics.values()
			.stream()
			.map(tactic -> new TacticCoverage(tactic.entry.id(), tactic.entry.name(), tactic.entry.reference(),
					tactic.sortedRules(), counts.of(tactic.entry.id(), null, null),
					tactic.children.values()
						.stream()
						.map(technique -> new TechniqueCoverage(technique.entry.id(), technique.entry.name(),
								technique.entry.reference(), technique.sortedRules(),
								counts.of(tactic.entry.id(), technique.entry.id(), null),
								technique.children.values()
									.stream()
									.map(sub -> new SubtechniqueCoverage(sub.entry.id(), sub.entry.name(),
											sub.entry.reference(), sub.sortedRules(),
											counts.of(tactic.entry.id(), technique.entry.id(), sub.entry.id())))
									.toList()))
						.toList()))
			.toList();
		return new AttackCoverage(from, to, coverage);
	}

	/** A tactic: the rules that name it, the alerts that carry it, its techniques. */
	public record TacticCoverage(String id, String name, String reference, List<RuleReference> rules, long alerts,
			List<TechniqueCoverage> techniques) {
	}

	/** A technique under one tactic. */
	public record TechniqueCoverage(String id, String name, String reference, List<RuleReference> rules, long alerts,
			List<SubtechniqueCoverage> subtechniques) {
	}

	/** A sub-technique under one tactic and technique. */
	public record SubtechniqueCoverage(String id, String name, String reference, List<RuleReference> rules,
			long alerts) {
	}

	public record RuleReference(String ruleId, String name) {
	}

	/** A tree node while the coverage is built; children by id, in id order. */
	private static final class Node {

		private final Threat.AttackEntry entry;

		private final List<RuleReference> rules = new ArrayList<>();

		private final Map<String, Node> children = new TreeMap<>();

		private Node(Threat.AttackEntry entry) {
			this.entry = entry;
		}

		private List<RuleReference> sortedRules() {
			return rules.stream().distinct().sorted(Comparator.comparing(RuleReference::name)).toList();
		}

	}

}
