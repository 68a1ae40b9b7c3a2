package io.vigil.rules;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.diagnostics.Diagnostic;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/rules")
@Tag(name = "rules", description = "The rule catalogue loaded from the rules directory")
class RuleController {

	private final RuleCatalogue catalogue;

	RuleController(RuleCatalogue catalogue) {
		this.catalogue = catalogue;
	}

	@GetMapping
	@Operation(summary = "List every rule file with its load status",
			description = "The whole catalogue in path order; rejected files carry their positioned errors.")
	RuleList list(@RequestParam(required = false) @Nullable RuleStatus status) {
		List<RuleSummary> rules = catalogue.files()
			.stream()
			.filter(file -> status == null || file.status() == status)
			.map(RuleSummary::of)
			.toList();
		return new RuleList(rules.size(), rules);
	}

	@GetMapping("/{ruleId}")
	@Operation(summary = "Full metadata of one rule, ATT&CK mapping included")
	RuleDetail get(@PathVariable String ruleId) {
		return catalogue.find(ruleId).map(RuleDetail::of).orElseThrow(() -> notFound(ruleId));
	}

	private static ErrorResponseException notFound(String ruleId) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No rule with rule_id [%s] is loaded".formatted(ruleId));
		problem.setTitle("Rule not found");
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

	record RuleList(int total, List<RuleSummary> rules) {
	}

	/** One line of the catalogue: enough to filter and to see why a file was not loaded. */
	record RuleSummary(String path, RuleStatus status, @Nullable String ruleId, @Nullable String name,
			@Nullable String type, @Nullable Severity severity, @Nullable Integer riskScore, List<String> tags,
			@Nullable String updatedDate, List<Diagnostic> diagnostics) {

		static RuleSummary of(RuleFile file) {
			Rule rule = file.rule();
			return rule == null
					? new RuleSummary(file.path(), file.status(), null, null, null, null, null, List.of(), null,
							file.diagnostics())
					: new RuleSummary(file.path(), file.status(), rule.ruleId(), rule.name(), rule.type(),
							rule.severity(), rule.riskScore(), rule.tags(), rule.metadata().updatedDate(),
							file.diagnostics());
		}

	}

	/** A rule file in full, with its query printed back in canonical form. */
	record RuleDetail(String path, RuleStatus status, Rule rule, @Nullable String canonicalQuery,
			List<Diagnostic> diagnostics) {

		static RuleDetail of(RuleFile file) {
			return new RuleDetail(file.path(), file.status(), file.rule(), file.canonicalQuery(), file.diagnostics());
		}

	}

}
