package io.vigil.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.vigil.diagnostics.Diagnostic;
import io.vigil.support.Baseline;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each folder of {@code rules-invalid/} is a rules directory with at least one bad file;
 * loading it must give exactly the diagnostics of its {@code expected.baseline}, and
 * reject the bad files.
 */
class RuleErrorBaselineTests {

	private static final Path CASES = Path.of("src/test/resources/rules-invalid");

	@TestFactory
	Stream<DynamicTest> invalidRuleFiles() throws IOException {
		return Files.list(CASES)
			.filter(Files::isDirectory)
			.sorted()
			.map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
				RuleCatalogue catalogue = RuleLoader.load(dir);
				assertThat(catalogue.files())
					.anySatisfy(file -> assertThat(file.status()).isEqualTo(RuleStatus.REJECTED));
				String rendered = catalogue.files()
					.stream()
					.flatMap(file -> file.diagnostics().stream())
					.map(Diagnostic::render)
					.collect(Collectors.joining("\n\n", "", "\n"));
				Baseline.assertMatches(dir.resolve("expected.baseline"), rendered);
			}));
	}

}
