package io.vigil.rules;

import java.util.List;

/**
 * One {@code [[rule.threat]]} entry: a tactic of a framework (MITRE ATT&CK) and the
 * techniques the rule detects under it.
 */
public record Threat(String framework, AttackEntry tactic, List<Technique> techniques) {

	public Threat {
		techniques = List.copyOf(techniques);
	}

	/** A technique and the sub-techniques of it the rule detects. */
	public record Technique(String id, String name, String reference, List<AttackEntry> subtechniques) {

		public Technique {
			subtechniques = List.copyOf(subtechniques);
		}

	}

	/** A tactic, technique or sub-technique reference. */
	public record AttackEntry(String id, String name, String reference) {
	}

}
