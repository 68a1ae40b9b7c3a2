package io.vigil.detection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.diagnostics.SourceText;
import io.vigil.engine.Detection;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineEvent;
import io.vigil.engine.EngineSettings;
import io.vigil.engine.EventReader;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleLoader;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.tomlj.Toml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runs a rule over events given in the request and answers what it detects, persisting
 * nothing: a detection engineer's unit test for a rule. Events are evaluated as if they
 * had all arrived in order, and windows still open at the end (trailing missing-event
 * stages) are closed.
 */
@RestController
@Tag(name = "rules")
class RuleTestController {

	/**
	 * Every event of a test counts, however far apart their timestamps; none is believed
	 * beyond the wall clock, which changes nothing here since
	 * {@link DetectionEngine#finish()} closes every window.
	 */
	private static final EngineSettings TEST_SETTINGS = new EngineSettings(Duration.ofDays(365_000), 1_000_000,
			10_000_000, Duration.ZERO);

	/** Events evaluated between two looks at the clock. */
	private static final int CHUNK = 100;

	private final JsonMapper json;

	private final Duration timeBudget;

	/**
	 * @param timeBudget how long one test may take ({@code detection.test-time-budget}):
	 * a test runs on the request's thread, and its events may be chosen to be slow to
	 * evaluate
	 */
	RuleTestController(JsonMapper json, @Value("${detection.test-time-budget:10s}") Duration timeBudget) {
		this.json = json;
		this.timeBudget = timeBudget;
	}

	@PostMapping("/api/v1/rules/_test")
	@Operation(summary = "Test a rule on events", description = "Give a TOML rule file as `rule`, or an EQL `query` "
			+ "with optional `event_category_field`, `tiebreaker_field` and `timestamp_field`, and the `events`. "
			+ "Answers the detections with their join keys and ordered events (missing-event stages marked).")
	TestResult test(@Valid @RequestBody TestRequest request) {
		long started = System.nanoTime();
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		RuleFile rule = RuleLoader.load(List.of(source(request)), slots).getFirst();
		if (rule.query() == null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"The rule cannot be evaluated: "
							+ (rule.errors().isEmpty() ? "its type is not eql" : rule.errors().getFirst().message()));
			problem.setTitle("Invalid rule");
			problem.setProperty("errors", rule.diagnostics());
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		EventReader reader = new EventReader(slots);
		DetectionEngine engine = new DetectionEngine(List.of(rule), slots, TEST_SETTINGS, Clock.systemUTC());
		Instant now = Instant.now();
		EventBatch batch = new EventBatch(request.events()
			.stream()
			.map(event -> reader.read(event, json.writeValueAsString(event), null, null, now))
			.toList(), now);
		// in order, in chunks: the same detections as one batch, with the clock looked at
		// in between
		List<EngineEvent> events = new ArrayList<>(batch.arrive(new AtomicLong()));
		events.sort(Comparator.comparingLong(EngineEvent::timestamp).thenComparingLong(EngineEvent::arrival));
		List<Detection> detections = new ArrayList<>();
		for (int from = 0; from < events.size(); from += CHUNK) {
			if (System.nanoTime() - started > timeBudget.toNanos()) {
				throw overBudget(from, events.size());
			}
			detections.addAll(engine.process(events.subList(from, Math.min(events.size(), from + CHUNK))).detections());
		}
		detections.addAll(engine.finish().detections());
		return new TestResult(detections.stream().map(this::describe).toList(), batch.errors());
	}

	private ErrorResponseException overBudget(int evaluated, int events) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				("The test took longer than its time budget of %s (detection.test-time-budget) and was stopped after "
						+ "%d of %d events: test fewer events, or a cheaper rule")
					.formatted(timeBudget, evaluated, events));
		problem.setTitle("Test over its time budget");
		return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
	}

	private static SourceText source(TestRequest request) {
		if (request.rule() != null) {
			return new SourceText("request.toml", request.rule());
		}
		if (request.query() == null) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"Give either [rule] (a TOML rule file) or [query]");
			problem.setTitle("No rule to test");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		StringBuilder toml = new StringBuilder("""
				[metadata]
				creation_date = "1970/01/01"
				maturity = "development"
				updated_date = "1970/01/01"

				[rule]
				author = ["test"]
				description = "Query under test."
				language = "eql"
				name = "Query under test"
				risk_score = 0
				rule_id = "query-under-test"
				severity = "low"
				type = "eql"
				""");
		toml.append("query = \"").append(Toml.tomlEscape(request.query())).append("\"\n");
		optional(toml, "event_category_override", request.eventCategoryField());
		optional(toml, "tiebreaker_field", request.tiebreakerField());
		optional(toml, "timestamp_field", request.timestampField());
		return new SourceText("query", toml.toString());
	}

	private static void optional(StringBuilder toml, String key, @Nullable String value) {
		if (value != null) {
			toml.append(key).append(" = \"").append(Toml.tomlEscape(value)).append("\"\n");
		}
	}

	private TestDetection describe(Detection detection) {
		Map<String, @Nullable Object> keys = new LinkedHashMap<>();
		detection.keys().forEach(key -> keys.put(key.field(), key.value() == null ? null : key.value().toString()));
		List<TestEvent> events = detection.events()
			.stream()
			.map(member -> new TestEvent(member.stage(), member.missing(),
					member.missing() ? null : json.readTree(member.event().source())))
			.toList();
		return new TestDetection(detection.rule().ruleId(), keys, events);
	}

	/**
	 * A rule test.
	 *
	 * @param rule a whole TOML rule file; or else
	 * @param query an EQL query, with the optional fields a rule can set
	 */
	record TestRequest(@Nullable String rule, @Nullable String query, @Nullable String eventCategoryField,
			@Nullable String tiebreakerField, @Nullable String timestampField,
			@NotNull @Size(max = MAX_EVENTS) List<JsonNode> events) {

		/**
		 * Events one test may evaluate: a test is interactive, and runs on the request's
		 * thread.
		 */
		static final int MAX_EVENTS = 10_000;

		TestRequest {
			events = events == null ? List.of() : List.copyOf(events);
		}

	}

	record TestResult(List<TestDetection> detections, List<IngestResult.EventError> rejected) {
	}

	record TestDetection(String ruleId, Map<String, @Nullable Object> keys, List<TestEvent> events) {
	}

	/**
	 * One event of a detection: its 1-based stage, and the event, or {@code missing} for
	 * a missing-event stage.
	 */
	record TestEvent(int stage, boolean missing, @Nullable JsonNode event) {
	}

}
