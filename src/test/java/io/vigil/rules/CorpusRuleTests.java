package io.vigil.rules;

import java.util.List;

import io.vigil.support.SharedFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of Elastic's detection-rules corpus loads its metadata without an error. */
class CorpusRuleTests {

	@Test
	void everyCorpusRuleLoads() {
		RuleCatalogue catalogue = RuleLoader.load(SharedFiles.corpus());
		List<String> problems = catalogue.files()
			.stream()
			.filter(file -> file.status() != RuleStatus.LOADED)
			.map(file -> file.path() + " " + file.status().value() + ": " + file.diagnostics())
			.toList();
		assertThat(catalogue.files()).hasSizeGreaterThan(500);
		assertThat(problems).isEmpty();
		assertThat(catalogue.loadedRules()).allSatisfy(rule -> assertThat(rule.threat())
			.allSatisfy(threat -> assertThat(threat.tactic().id()).matches("TA\\d{4}")));
	}

	@Test
	void keepsKeysTheModelDoesNotName() {
		RuleCatalogue catalogue = RuleLoader.load(SharedFiles.corpus());
		assertThat(catalogue.loadedRules())
			.anySatisfy(rule -> assertThat(rule.otherFields()).containsKey("investigation_fields"));
	}

}
