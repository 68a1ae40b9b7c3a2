package io.vigil.attack;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.alerts.AlertService;
import io.vigil.rules.RuleCatalogue;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/attack")
@Tag(name = "ATT&CK")
class AttackController {

	/**
	 * The end of an open time range: later than any alert, and a timestamp every database
	 * stores.
	 */
	private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

	private final RuleCatalogue catalogue;

	private final AlertService alerts;

	AttackController(RuleCatalogue catalogue, AlertService alerts) {
		this.catalogue = catalogue;
		this.alerts = alerts;
	}

	@GetMapping("/coverage")
	@Operation(summary = "Tactics and techniques: the rules that cover each and its alert count",
			description = "Counts are distinct alerts detected in [from, to); without a range, all alerts.")
	AttackCoverage coverage(
			@Parameter(description = "Detected at or after (ISO-8601)") @RequestParam(
					required = false) @Nullable Instant from,
			@Parameter(description = "Detected before (ISO-8601)") @RequestParam(
					required = false) @Nullable Instant to) {
		Instant start = from == null ? Instant.EPOCH : from;
		Instant end = to == null ? END_OF_TIME : to;
		if (!start.isBefore(end)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"[from] %s is not before [to] %s".formatted(start, end));
			problem.setTitle("Bad request");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		return AttackCoverage.of(catalogue.loadedRules(), alerts.attackCounts(start, end), start, end);
	}

	@GetMapping("/navigator-layer")
	@Operation(summary = "An ATT&CK Navigator layer (format 4.5) scored by alert count",
			description = "Open it in the MITRE ATT&CK Navigator (Open Existing Layer → Upload from local).")
	NavigatorLayer navigatorLayer(
			@Parameter(description = "Detected at or after (ISO-8601)") @RequestParam(
					required = false) @Nullable Instant from,
			@Parameter(description = "Detected before (ISO-8601)") @RequestParam(
					required = false) @Nullable Instant to) {
		return NavigatorLayer.of(coverage(from, to));
	}

}
