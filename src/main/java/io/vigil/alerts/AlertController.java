package io.vigil.alerts;

import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.api.OpenApiExamples;
import io.vigil.api.ParameterPrefix;
import io.vigil.rules.Severity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
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
@RequestMapping("/api/v1/alerts")
@Tag(name = "alerts")
class AlertController {

	private static final String KEY_PREFIX = "key.";

	private final AlertService alerts;

	private final JsonMapper json;

	private final String kibanaVersion;

	/**
	 * A status change by query that selects more alerts than this needs
	 * {@code "confirm": true}.
	 */
	private final int maxWithoutConfirm;

	AlertController(AlertService alerts, JsonMapper json,
			@Value("${ingest.elasticsearch-version:8.17.0}") String kibanaVersion,
			@Value("${alerts.triage.max-without-confirm:100}") int maxWithoutConfirm) {
		this.maxWithoutConfirm = maxWithoutConfirm;
		this.alerts = alerts;
		this.json = json;
		this.kibanaVersion = kibanaVersion;
	}

	@GetMapping
	@Operation(summary = "List alerts: newest first, or in commit order with a cursor", description = """
			Without `cursor`, the newest alerts first (by detection time), for browsing.

			With `cursor` (empty to start from the oldest alert), the alerts committed after that point, \
			oldest first, and `next_cursor`, returned even when the page is empty. A poller that stores \
			`next_cursor` and passes it back sees every alert exactly once, including alerts that commit \
			concurrently with its reads; `has_more` says another page is already waiting. Asking again with \
			the same cursor returns the same alerts (plus any committed since).

			Filters apply in both modes. `key.<field>=<value>` filters on a join key value, e.g. \
			`key.host.id=…`; several are combined with AND.""")
	@ApiResponse(responseCode = "200",
			content = @Content(examples = @ExampleObject(name = "seed alert", ref = OpenApiExamples.ALERT_LIST)))
	@Parameter(name = "key.host.id", in = ParameterIn.QUERY, description = "A join key value: any `key.<field>` works",
			schema = @Schema(type = "string"))
	AlertPage list(@RequestParam(name = "status", required = false) @Nullable List<AlertStatus> statuses,
			@RequestParam(name = "severity", required = false) @Nullable List<Severity> severities,
			@RequestParam(name = "min_risk_score", required = false) @Min(0) @Max(100) @Nullable Integer minRiskScore,
			@RequestParam(name = "rule_id", required = false) @Nullable List<String> ruleIds,
			@Parameter(description = "Tactic id (`TA0008`) or name (`Lateral Movement`)") @RequestParam(
					required = false) @Nullable String tactic,
			@Parameter(description = "Technique id (`T1021`, which includes its sub-techniques) or sub-technique id "
					+ "(`T1021.006`)") @RequestParam(required = false) @Nullable String technique,
			@Parameter(description = "Detected at or after (ISO-8601)") @RequestParam(
					required = false) @Nullable Instant from,
			@Parameter(description = "Detected before (ISO-8601)") @RequestParam(required = false) @Nullable Instant to,
			@Parameter(description = "Last event at or after (ISO-8601)") @RequestParam(name = "event_from",
					required = false) @Nullable Instant eventFrom,
			@Parameter(description = "First event before (ISO-8601)") @RequestParam(name = "event_to",
					required = false) @Nullable Instant eventTo,
			@Parameter(description = "Part of the rule name, case ignored") @RequestParam(
					required = false) @Nullable String q,
			@Parameter(description = "Switches to commit order; empty starts from the oldest alert") @RequestParam(
					required = false) @Nullable String cursor,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
			@Parameter(hidden = true) @ParameterPrefix(KEY_PREFIX) @RequestParam Map<String, String> parameters) {
		AlertFilter filter;
		try {
			filter = new AlertFilter(statuses, severities, minRiskScore, ruleIds, keys(parameters), tactic, technique,
					from, to, eventFrom, eventTo, q);
		}
		catch (IllegalArgumentException ex) {
			throw badRequest(ex.getMessage());
		}
		if (cursor == null) {
			List<AlertView> found = alerts.newest(filter, limit);
			return new AlertPage(found.size(), found, null, null);
		}
		AlertService.CursorPage page = alerts.poll(filter, cursor(cursor), limit);
		return new AlertPage(page.alerts().size(), page.alerts(), page.next().token(), page.more());
	}

	@GetMapping("/{id}")
	@Operation(summary = "One alert",
			description = "With `format=kibana`, the alert as the documents Kibana's "
					+ "detection engine would write: building blocks, one per event, then the shell alert.")
	@ApiResponse(responseCode = "200",
			content = @Content(examples = @ExampleObject(name = "seed alert", ref = OpenApiExamples.ALERT)))
	@ApiResponse(responseCode = "404", description = "No alert has this id",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = OpenApiExamples.PROBLEM)))
	AlertView get(@PathVariable String id,
			@Parameter(description = "`kibana` for Kibana's alert documents",
					schema = @Schema(allowableValues = { "default", "kibana" })) @RequestParam(
							defaultValue = "default") String format) {
		if (!format.equals("default")) {
			throw badRequest("Unknown format [%s]; expected default or kibana".formatted(format));
		}
		return find(id);
	}

	@GetMapping(path = "/{id}", params = "format=kibana")
	@Operation(hidden = true)
	ArrayNode getKibana(@PathVariable String id) {
		return KibanaDocuments.of(find(id), kibanaVersion, json);
	}

	@PostMapping("/_status")
	@Operation(summary = "Set the status of alerts, by ids or by filter",
			description = "Idempotent: an alert that already has the status is counted as unchanged and its history "
					+ "gets no entry. Every change records from, to, when, who and the reason.")
	StatusResponse changeStatus(@Valid @RequestBody StatusRequest request, @Nullable Principal principal) {
		String by = principal == null ? "unknown" : principal.getName();
		if ((request.ids() == null) == (request.query() == null)) {
			throw badRequest("Give either ids or query, not both and not neither");
		}
		if (request.query() != null && !Boolean.TRUE.equals(request.confirm())) {
			long selected = alerts.count(request.query());
			if (selected > maxWithoutConfirm) {
				throw badRequest(("The query selects %d alerts, more than alerts.triage.max-without-confirm (%d): "
						+ "send \"confirm\": true to change them all")
					.formatted(selected, maxWithoutConfirm));
			}
		}
		AlertService.StatusUpdate update = request.ids() != null
				? alerts.changeStatus(request.ids(), request.status(), request.reason(), by)
				: alerts.changeStatus(request.query(), request.status(), request.reason(), by);
		return new StatusResponse(update.updated(), update.unchanged(), update.notFound());
	}

	private AlertView find(String id) {
		return alerts.find(id).orElseThrow(() -> {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"No alert with id [%s]".formatted(id));
			problem.setTitle("Alert not found");
			return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		});
	}

	private static Map<String, String> keys(Map<String, String> parameters) {
		Map<String, String> keys = new LinkedHashMap<>();
		parameters.forEach((name, value) -> {
			if (name.startsWith(KEY_PREFIX) && name.length() > KEY_PREFIX.length()) {
				keys.put(name.substring(KEY_PREFIX.length()), value);
			}
		});
		return keys;
	}

	private static Cursor cursor(String token) {
		try {
			return Cursor.parse(token);
		}
		catch (IllegalArgumentException ex) {
			throw badRequest(ex.getMessage());
		}
	}

	private static ErrorResponseException badRequest(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Bad request");
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	/**
	 * A page of alerts.
	 *
	 * @param nextCursor in commit order: where the next poll starts
	 * @param hasMore in commit order: another page is already waiting
	 */
	record AlertPage(int count, List<AlertView> alerts,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String nextCursor,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean hasMore) {
	}

	/**
	 * A status change for the alerts with these ids, or for every alert the query
	 * selects.
	 *
	 * @param reason why, e.g. {@code false_positive}; recorded in the history
	 * @param confirm required when the query selects more than
	 * {@code alerts.triage.max-without-confirm} alerts (100 by default), so that a
	 * mistaken filter cannot close a whole queue
	 */
	record StatusRequest(@Size(min = 1, max = 1000) @Nullable List<@NotBlank String> ids, @Nullable AlertFilter query,
			@NotNull AlertStatus status, @Size(max = 1000) @Nullable String reason, @Nullable Boolean confirm) {
	}

	/**
	 * The outcome of a status change.
	 *
	 * @param unchanged alerts that already had the status
	 * @param notFound ids that name no alert
	 */
	record StatusResponse(int updated, int unchanged, List<String> notFound) {
	}

}
