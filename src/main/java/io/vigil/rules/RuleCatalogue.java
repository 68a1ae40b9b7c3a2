package io.vigil.rules;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.vigil.eql.eval.FieldSlots;

/**
 * Every rule file of the rules directory as it was loaded: an immutable snapshot, safe to
 * share.
 */
public final class RuleCatalogue {

	private final List<RuleFile> files;

	private final Map<String, RuleFile> byRuleId;

	private final FieldSlots slots;

	RuleCatalogue(List<RuleFile> files, FieldSlots slots) {
		this.files = List.copyOf(files);
		this.slots = slots;
		Map<String, RuleFile> index = new LinkedHashMap<>();
		for (RuleFile file : files) {
			if (file.rule() != null && file.status() != RuleStatus.REJECTED) {
				index.putIfAbsent(file.rule().ruleId(), file);
			}
		}
		this.byRuleId = Map.copyOf(index);
	}

	/** The fields the loaded rules read, numbered for extraction. */
	public FieldSlots slots() {
		return slots;
	}

	/** All files, in path order. */
	public List<RuleFile> files() {
		return files;
	}

	/** The file that defines a rule, unless that file was rejected. */
	public Optional<RuleFile> find(String ruleId) {
		return Optional.ofNullable(byRuleId.get(ruleId));
	}

	/** The rules that are evaluated. */
	public List<Rule> loadedRules() {
		return files.stream().filter(file -> file.status() == RuleStatus.LOADED).map(RuleFile::rule).toList();
	}

	public Map<RuleStatus, Long> countByStatus() {
		Map<RuleStatus, Long> counts = new EnumMap<>(RuleStatus.class);
		for (RuleStatus status : RuleStatus.values()) {
			counts.put(status, 0L);
		}
		counts.putAll(files.stream().collect(Collectors.groupingBy(RuleFile::status, Collectors.counting())));
		return counts;
	}

	/**
	 * The load report as an operator reads it in the log: counts, then every problem with
	 * a snippet.
	 */
	public String report() {
		Map<RuleStatus, Long> counts = countByStatus();
		StringBuilder report = new StringBuilder("Rules: %d file(s), %d loaded, %d rejected, %d unsupported".formatted(
				files.size(), counts.get(RuleStatus.LOADED), counts.get(RuleStatus.REJECTED),
				counts.get(RuleStatus.UNSUPPORTED)));
		for (RuleFile file : files) {
			if (file.status() == RuleStatus.UNSUPPORTED && file.rule() != null) {
				report.append("\n  unsupported: %s (type [%s])".formatted(file.path(), file.rule().type()));
			}
			file.diagnostics()
				.forEach(diagnostic -> report.append("\n  ")
					.append((diagnostic.isError() ? "error: " : "warning: ")
							+ diagnostic.render().replace("\n", "\n  ")));
		}
		return report.toString();
	}

}
