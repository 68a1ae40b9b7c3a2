package io.vigil.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * An ATT&CK Navigator layer (layer format 4.5): every technique and sub-technique the
 * rules cover or alerts carry, in the cell of its tactic, scored by alert count. Field
 * names are the Navigator's own (camel case), hence the explicit names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NavigatorLayer(String name, Versions versions, String domain, String description,
		List<Technique> techniques, Gradient gradient, @JsonProperty("hideDisabled") boolean hideDisabled,
		@JsonProperty("selectTechniquesAcrossTactics") boolean selectTechniquesAcrossTactics) {

	static NavigatorLayer of(AttackCoverage coverage) {
		List<Technique> techniques = new ArrayList<>();
		long highest = 0;
		for (AttackCoverage.TacticCoverage tactic : coverage.tactics()) {
			String shortName = tactic.name().toLowerCase(Locale.ROOT).replace(' ', '-');
			for (AttackCoverage.TechniqueCoverage technique : tactic.techniques()) {
				techniques.add(new Technique(technique.id(), shortName, technique.alerts(), comment(technique.rules()),
						true, !technique.subtechniques().isEmpty() ? Boolean.TRUE : null));
				highest = Math.max(highest, technique.alerts());
				for (AttackCoverage.SubtechniqueCoverage sub : technique.subtechniques()) {
					techniques.add(new Technique(sub.id(), shortName, sub.alerts(), comment(sub.rules()), true, null));
					highest = Math.max(highest, sub.alerts());
				}
			}
		}
		return new NavigatorLayer("Vigil detections", new Versions("17", "5.1.0", "4.5"), "enterprise-attack",
				"Techniques covered by the loaded rules, scored by alerts detected from %s to %s"
					.formatted(coverage.from(), coverage.to()),
				techniques, new Gradient(List.of("#ffffff", "#ff6666"), 0, Math.max(1, highest)), false, true);
	}

	private static String comment(List<AttackCoverage.RuleReference> rules) {
		return rules.isEmpty() ? "no loaded rule"
				: rules.stream()
					.map(AttackCoverage.RuleReference::name)
					.collect(Collectors.joining("; ", "Rules: ", ""));
	}

	public record Versions(String attack, String navigator, String layer) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Technique(@JsonProperty("techniqueID") String techniqueId, String tactic, long score, String comment,
			boolean enabled, @JsonProperty("showSubtechniques") @Nullable Boolean showSubtechniques) {
	}

	public record Gradient(List<String> colors, @JsonProperty("minValue") long minValue,
			@JsonProperty("maxValue") long maxValue) {
	}

}
