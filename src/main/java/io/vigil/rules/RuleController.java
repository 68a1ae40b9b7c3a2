package io.vigil.rules;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.api.OpenApiExamples;
import io.vigil.diagnostics.Diagnostic;
import io.vigil.diagnostics.SourceText;
import io.vigil.eql.Eql;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/rules")
@Tag(name = "rules")
class RuleController {

	private final RuleCatalogue catalogue;

	/**
	 * Absent on an instance that evaluates no rule with state (a clustered ingest-only
	 * instance).
	 */
	private final @Nullable RuleStates states;

	RuleController(RuleCatalogue catalogue, ObjectProvider<RuleStates> states) {
		this.catalogue = catalogue;
		this.states = states.getIfAvailable();
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
	@Operation(summary = "Full metadata of one rule, ATT&CK mapping included",
			description = "With the correlation `state` this instance holds for it: retained events, open join "
					+ "keys, evictions, the newest and oldest watermark of its keys (each key keeps its own "
					+ "event-time clock) and how many keys hold events dated beyond the service's clock plus "
					+ "`detection.max-future-skew`.")
	@ApiResponse(responseCode = "404", description = "No loaded rule has this rule_id",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = OpenApiExamples.PROBLEM)))
	RuleDetail get(@PathVariable String ruleId) {
		return catalogue.find(ruleId)
			.map(file -> RuleDetail.of(file, states == null ? null : states.of(ruleId).orElse(null)))
			.orElseThrow(() -> notFound(ruleId));
	}

	@PostMapping(path = "/_validate", consumes = { "application/toml", MediaType.TEXT_PLAIN_VALUE })
	@Operation(summary = "Validate a rule file without loading it",
			description = "Reads the TOML rule, compiles its query and returns its metadata, the query in "
					+ "canonical form and every error and warning with its line and column.")
	Validation validateRule(@RequestBody String toml) {
		RuleFile file = RuleLoader
			.load(List.of(new SourceText("request.toml", toml)), new FieldSlots(FieldSchema.ecs()))
			.getFirst();
		return new Validation(file.status() != RuleStatus.REJECTED, file.rule(), file.canonicalQuery(),
				file.diagnostics());
	}

	@PostMapping(path = "/_validate", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Validate an EQL query", description = "Compiles the query and returns it in canonical form "
			+ "with every error and warning at its line and column in the query.")
	Validation validateQuery(@Valid @RequestBody QueryValidation request) {
		SourceText source = new SourceText("query", request.query());
		String categoryField = request.eventCategoryField() == null ? Eql.DEFAULT_CATEGORY_FIELD
				: request.eventCategoryField();
		Eql.Compilation compilation = Eql.compile(request.query(), categoryField, new FieldSlots(FieldSchema.ecs()));
		List<Diagnostic> diagnostics = compilation.problems().stream().map(problem -> {
			SourceText.Position at = source.positionOf(problem.span().start());
			return problem.error() ? Diagnostic.error(source, at.line(), at.column(), problem.message())
					: Diagnostic.warning(source, at.line(), at.column(), problem.message());
		}).toList();
		return new Validation(compilation.query() != null, null, compilation.canonical(), diagnostics);
	}

	private static ErrorResponseException notFound(String ruleId) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No rule with rule_id [%s] is loaded".formatted(ruleId));
		problem.setTitle("Rule not found");
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

	record RuleList(int total, List<RuleSummary> rules) {
	}

	/**
	 * A query to validate.
	 *
	 * @param eventCategoryField the field {@code <category> where} tests, as a rule's
	 * {@code event_category_override}; {@code event.category} when absent
	 */
	record QueryValidation(@NotBlank String query, @Nullable String eventCategoryField) {
	}

	/**
	 * The outcome of a validation.
	 *
	 * @param valid true when the rule would load (or the query compiles)
	 * @param rule the rule's metadata, when a rule file could be read
	 * @param canonicalQuery the query printed back in canonical form, when it parsed
	 */
	record Validation(boolean valid, @Nullable Rule rule, @Nullable String canonicalQuery,
			List<Diagnostic> diagnostics) {
	}

	/**
	 * One line of the catalogue: enough to filter and to see why a file was not loaded.
	 */
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

	/**
	 * A rule file in full, with its query printed back in canonical form and, for a
	 * running rule, the state this instance holds for it.
	 */
	record RuleDetail(String path, RuleStatus status, Rule rule, @Nullable String canonicalQuery,
			List<Diagnostic> diagnostics, @Nullable RuleState state) {

		static RuleDetail of(RuleFile file, @Nullable RuleState state) {
			return new RuleDetail(file.path(), file.status(), file.rule(), file.canonicalQuery(), file.diagnostics(),
					state);
		}

	}

}
