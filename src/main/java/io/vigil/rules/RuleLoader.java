package io.vigil.rules;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.vigil.diagnostics.Diagnostic;
import io.vigil.diagnostics.SourceText;
import io.vigil.eql.Eql;
import io.vigil.eql.ast.Problem;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import org.tomlj.TomlPosition;

/**
 * Loads every {@code *.toml} file below a directory, recursively and in path order, into
 * a {@link RuleCatalogue}. A bad file is reported and skipped; it never stops the others.
 */
public final class RuleLoader {

	private static final Comparator<Diagnostic> IN_FILE_ORDER = Comparator.comparingInt(Diagnostic::line)
		.thenComparingInt(Diagnostic::column);

	private RuleLoader() {
	}

	/**
	 * Loads a directory; a missing directory gives an empty catalogue. Files are named by
	 * their path inside it, with {@code /}: the API shows the names, and the server's own
	 * paths are nobody's business.
	 */
	public static RuleCatalogue load(Path directory) {
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		if (!Files.isDirectory(directory)) {
			return new RuleCatalogue(List.of(), slots);
		}
		List<SourceText> sources = new ArrayList<>();
		List<RuleFile> unreadable = new ArrayList<>();
		for (Path file : tomlFiles(directory)) {
			String name = directory.relativize(file).toString().replace(File.separatorChar, '/');
			try {
				sources.add(new SourceText(name,
						StandardCharsets.UTF_8.newDecoder()
							.decode(ByteBuffer.wrap(Files.readAllBytes(file)))
							.toString()));
			}
			catch (CharacterCodingException ex) {
				unreadable.add(rejected(name, "file is not valid UTF-8"));
			}
			catch (IOException ex) {
				unreadable.add(rejected(name, "file cannot be read: " + ex.getMessage()));
			}
		}
		List<RuleFile> files = new ArrayList<>(load(sources, slots));
		files.addAll(unreadable);
		files.sort((a, b) -> a.path().compareTo(b.path()));
		return new RuleCatalogue(files, slots);
	}

	/**
	 * Loads rule texts, in the given order, compiling EQL queries into {@code slots}; a
	 * rule_id seen before makes the later file rejected.
	 */
	public static List<RuleFile> load(List<SourceText> sources, FieldSlots slots) {
		Map<String, String> firstPathByRuleId = new HashMap<>();
		List<RuleFile> files = new ArrayList<>(sources.size());
		for (SourceText source : sources) {
			RuleReader.Reading reading = RuleReader.read(source);
			List<Diagnostic> diagnostics = new ArrayList<>(reading.diagnostics());
			Rule rule = reading.rule();
			if (rule != null) {
				String first = firstPathByRuleId.putIfAbsent(rule.ruleId(), source.name());
				if (first != null) {
					diagnostics.add(
							Diagnostic.error(source, reading.ruleIdPosition().line(), reading.ruleIdPosition().column(),
									"duplicate rule_id [%s], already defined in [%s]".formatted(rule.ruleId(), first)));
				}
			}
			Eql.Compilation compilation = null;
			if (rule != null && rule.query() != null && Rule.EQL.equals(rule.type())) {
				compilation = Eql.compile(rule.query(), categoryField(rule), slots);
				if (rule.tiebreakerField() != null) {
					// read from every event like the fields of the query
					slots.slotOf(rule.tiebreakerField());
				}
				diagnostics.addAll(queryDiagnostics(source, reading, rule.query(), compilation.problems()));
			}
			diagnostics.sort(IN_FILE_ORDER);
			RuleStatus status = status(rule, diagnostics);
			files.add(new RuleFile(source.name(), status, rule, diagnostics,
					compilation == null ? null : compilation.canonical(),
					status == RuleStatus.LOADED && compilation != null ? compilation.query() : null));
		}
		return files;
	}

	static String categoryField(Rule rule) {
		return rule.eventCategoryOverride() != null ? rule.eventCategoryOverride() : Eql.DEFAULT_CATEGORY_FIELD;
	}

	/** Problems of a query, placed at their line and column in the rule file. */
	static List<Diagnostic> queryDiagnostics(SourceText source, RuleReader.Reading reading, String query,
			List<Problem> problems) {
		TomlPosition key = reading.queryPosition();
		int keyOffset = key == null ? 0 : source.offsetOf(key.line(), key.column());
		int[] offsets = QueryLocator.offsets(source, keyOffset, query);
		List<Diagnostic> diagnostics = new ArrayList<>();
		for (Problem problem : problems) {
			int offset = offsets == null ? keyOffset : offsets[Math.min(problem.span().start(), offsets.length - 1)];
			SourceText.Position position = source.positionOf(offset);
			diagnostics
				.add(problem.error() ? Diagnostic.error(source, position.line(), position.column(), problem.message())
						: Diagnostic.warning(source, position.line(), position.column(), problem.message()));
		}
		return diagnostics;
	}

	private static RuleStatus status(Rule rule, List<Diagnostic> diagnostics) {
		if (rule == null || diagnostics.stream().anyMatch(Diagnostic::isError)) {
			return RuleStatus.REJECTED;
		}
		return Rule.EQL.equals(rule.type()) ? RuleStatus.LOADED : RuleStatus.UNSUPPORTED;
	}

	private static RuleFile rejected(String name, String message) {
		return new RuleFile(name, RuleStatus.REJECTED, null,
				List.of(Diagnostic.error(new SourceText(name, ""), 0, 0, message)), null, null);
	}

	private static List<Path> tomlFiles(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			return paths.filter(Files::isRegularFile)
				.filter(path -> path.getFileName().toString().endsWith(".toml"))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list rules directory " + directory, ex);
		}
	}

}
