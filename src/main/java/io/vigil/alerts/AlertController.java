package io.vigil.alerts;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "alerts", description = "Alerts with their rule and events")
@Validated
class AlertController {

	private final AlertStore alerts;

	AlertController(AlertStore alerts) {
		this.alerts = alerts;
	}

	@GetMapping
	@Operation(summary = "The newest alerts first, optionally of one rule")
	AlertList list(@RequestParam(name = "rule_id", required = false) @Nullable String ruleId,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		List<AlertView> found = alerts.newest(ruleId, limit);
		return new AlertList(found.size(), found);
	}

	@GetMapping("/{id}")
	@Operation(summary = "One alert")
	AlertView get(@PathVariable String id) {
		return alerts.find(id).orElseThrow(() -> {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"No alert with id [%s]".formatted(id));
			problem.setTitle("Alert not found");
			return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		});
	}

	record AlertList(int count, List<AlertView> alerts) {
	}

}
