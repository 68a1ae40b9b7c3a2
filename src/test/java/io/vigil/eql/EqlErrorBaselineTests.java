package io.vigil.eql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.vigil.diagnostics.Diagnostic;
import io.vigil.diagnostics.SourceText;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleLoader;
import io.vigil.rules.RuleStatus;
import io.vigil.support.Baseline;
import io.vigil.support.RuleTexts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each malformed query of {@code eql/parser-errors.eql}, placed in a rule file, must
 * reject the rule with exactly the diagnostics of {@code eql/parser-errors.baseline}:
 * messages at their line and column in the TOML file, with the source line and a caret.
 */
class EqlErrorBaselineTests {

	private static final Path QUERIES = Path.of("src/test/resources/eql/parser-errors.eql");

	@Test
	void malformedQueriesGiveTheBaselineDiagnostics() throws IOException {
		String text = Files.readString(QUERIES);
		List<String> queries = Arrays
			.stream(text.substring(text.indexOf('\n', text.indexOf("\n") + 1) + 1).split("\n----\n"))
			.map(String::strip)
			.toList();
		assertThat(queries).hasSizeGreaterThanOrEqualTo(30);
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < queries.size(); i++) {
			int n = i + 1;
			SourceText source = new SourceText("malformed-%02d.toml".formatted(n),
					RuleTexts.eql("malformed-" + n, "Malformed query " + n, queries.get(i)));
			RuleFile file = RuleLoader.load(List.of(source), new FieldSlots(FieldSchema.ecs())).getFirst();
			assertThat(file.status()).as("status of query %d", n).isEqualTo(RuleStatus.REJECTED);
			out.append("I: ").append(queries.get(i).replace("\n", "\n   ")).append("\n=====>\n");
			out.append(file.diagnostics().stream().map(Diagnostic::render).collect(Collectors.joining("\n")));
			out.append("\n\n");
		}
		Baseline.assertMatches(Path.of("src/test/resources/eql/parser-errors.baseline"), out.toString());
	}

}
