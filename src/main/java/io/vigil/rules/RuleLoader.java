package io.vigil.rules;

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

/**
 * Loads every {@code *.toml} file below a directory, recursively and in path order, into a
 * {@link RuleCatalogue}. A bad file is reported and skipped; it never stops the others.
 */
public final class RuleLoader {

	private static final Comparator<Diagnostic> IN_FILE_ORDER = Comparator.comparingInt(Diagnostic::line)
		.thenComparingInt(Diagnostic::column);

	private RuleLoader() {
	}

	/** Loads a directory; a missing directory gives an empty catalogue. */
	public static RuleCatalogue load(Path directory) {
		if (!Files.isDirectory(directory)) {
			return new RuleCatalogue(List.of());
		}
		Path shown = directory.normalize();
		List<SourceText> sources = new ArrayList<>();
		List<RuleFile> unreadable = new ArrayList<>();
		for (Path file : tomlFiles(directory)) {
			String name = shown.resolve(directory.relativize(file)).toString();
			try {
				sources.add(new SourceText(name, StandardCharsets.UTF_8.newDecoder()
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
		List<RuleFile> files = new ArrayList<>(load(sources));
		files.addAll(unreadable);
		files.sort((a, b) -> a.path().compareTo(b.path()));
		return new RuleCatalogue(files);
	}

	/** Loads rule texts, in the given order; a rule_id seen before makes the later file rejected. */
	public static List<RuleFile> load(List<SourceText> sources) {
		Map<String, String> firstPathByRuleId = new HashMap<>();
		List<RuleFile> files = new ArrayList<>(sources.size());
		for (SourceText source : sources) {
			RuleReader.Reading reading = RuleReader.read(source);
			List<Diagnostic> diagnostics = new ArrayList<>(reading.diagnostics());
			Rule rule = reading.rule();
			if (rule != null) {
				String first = firstPathByRuleId.putIfAbsent(rule.ruleId(), source.name());
				if (first != null) {
					diagnostics.add(Diagnostic.error(source, reading.ruleIdPosition().line(),
							reading.ruleIdPosition().column(),
							"duplicate rule_id [%s], already defined in [%s]".formatted(rule.ruleId(), first)));
				}
			}
			diagnostics.sort(IN_FILE_ORDER);
			files.add(new RuleFile(source.name(), status(rule, diagnostics), rule, diagnostics));
		}
		return files;
	}

	private static RuleStatus status(Rule rule, List<Diagnostic> diagnostics) {
		if (rule == null || diagnostics.stream().anyMatch(Diagnostic::isError)) {
			return RuleStatus.REJECTED;
		}
		return Rule.EQL.equals(rule.type()) ? RuleStatus.LOADED : RuleStatus.UNSUPPORTED;
	}

	private static RuleFile rejected(String name, String message) {
		return new RuleFile(name, RuleStatus.REJECTED, null,
				List.of(Diagnostic.error(new SourceText(name, ""), 0, 0, message)));
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
