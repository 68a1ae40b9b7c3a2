package io.vigil.eql;

import java.util.List;

import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.rules.RuleCatalogue;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleLoader;
import io.vigil.rules.RuleStatus;
import io.vigil.support.SharedFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every EQL rule of Elastic's detection-rules corpus parses, verifies and compiles. */
class EqlCorpusTests {

	@Test
	void everyCorpusQueryCompiles() {
		RuleCatalogue catalogue = RuleLoader.load(SharedFiles.corpus());
		List<String> failures = catalogue.files()
			.stream()
			.filter(file -> file.status() != RuleStatus.LOADED || file.query() == null)
			.map(file -> file.path() + ":\n" + file.diagnostics())
			.toList();
		assertThat(catalogue.files()).hasSizeGreaterThan(500);
		assertThat(failures).as("rules that did not compile").isEmpty();
	}

	@Test
	void canonicalTextIsAFixedPoint() {
		for (RuleFile file : RuleLoader.load(SharedFiles.corpus()).files()) {
			String canonical = file.canonicalQuery();
			assertThat(canonical).as("canonical query of %s", file.path()).isNotNull();
			Eql.Compilation again = Eql.compile(canonical, Eql.DEFAULT_CATEGORY_FIELD,
					new FieldSlots(FieldSchema.ecs()));
			assertThat(again.problems()).as("problems of the canonical query of %s", file.path()).isEmpty();
			assertThat(again.canonical()).as("%s printed, parsed and printed again", file.path()).isEqualTo(canonical);
		}
	}

}
