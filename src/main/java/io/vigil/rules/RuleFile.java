package io.vigil.rules;

import java.util.List;

import io.vigil.diagnostics.Diagnostic;
import io.vigil.eql.CompiledQuery;
import org.jspecify.annotations.Nullable;

/**
 * One file of the rules directory and what loading it gave.
 *
 * @param path the file's name as messages show it
 * @param rule the rule when the file could be read (also for unsupported types), else
 * null
 * @param diagnostics errors and warnings, in file order
 * @param canonicalQuery the query as printed back in canonical form, when it parsed
 * @param query the compiled query of a loaded rule
 */
public record RuleFile(String path, RuleStatus status, @Nullable Rule rule, List<Diagnostic> diagnostics,
		@Nullable String canonicalQuery, @Nullable CompiledQuery query) {

	public RuleFile {
		diagnostics = List.copyOf(diagnostics);
	}

	public List<Diagnostic> errors() {
		return diagnostics.stream().filter(Diagnostic::isError).toList();
	}

}
