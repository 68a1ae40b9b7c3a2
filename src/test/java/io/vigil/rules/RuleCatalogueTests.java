package io.vigil.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vigil.support.RuleTexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue of a rules directory: every file below it, its status, and the load
 * report.
 */
class RuleCatalogueTests {

	@TempDir
	Path rules;

	@Test
	void otherRuleTypesAreUnsupportedNotRejected() throws IOException {
		Files.createDirectories(rules.resolve("nested/deeper"));
		Files.writeString(rules.resolve("nested/deeper/eql.toml"),
				RuleTexts.of("eql", "eql", "eql-1", "EQL rule", "process where true"));
		Files.writeString(rules.resolve("kuery.toml"),
				RuleTexts.of("query", "kuery", "query-1", "Query rule", "process.name:cmd.exe"));
		Files.writeString(rules.resolve("not-a-rule.txt"), "ignored");

		RuleCatalogue catalogue = RuleLoader.load(rules);

		assertThat(catalogue.files()).extracting(RuleFile::status)
			.containsExactly(RuleStatus.UNSUPPORTED, RuleStatus.LOADED);
		assertThat(catalogue.files().getFirst().diagnostics()).isEmpty();
		assertThat(catalogue.loadedRules()).extracting(Rule::ruleId).containsExactly("eql-1");
		assertThat(catalogue.find("query-1")).isPresent();
		assertThat(catalogue.report()).startsWith("Rules: 2 file(s), 1 loaded, 0 rejected, 1 unsupported")
			.contains("unsupported: kuery.toml (type [query])");
	}

	@Test
	void aMissingDirectoryIsAnEmptyCatalogue() {
		assertThat(RuleLoader.load(rules.resolve("absent")).files()).isEmpty();
	}

}
