package io.vigil.alerts;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.vigil.support.Http;
import io.vigil.support.RunningService;
import io.vigil.support.SeedAttack;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile parameters and bodies on the read and triage API of one running service: alert
 * filters, cursors, status changes, rule and ATT&CK lookups. Nothing answers 5xx or takes
 * longer than a few seconds, a refusal is problem+json, and a refused status change
 * changes no alert.
 */
class AlertApiFuzzProperties {

	private static final List<String> PARAMETERS = List.of("status", "severity", "min_risk_score", "rule_id", "tactic",
			"technique", "from", "to", "event_from", "event_to", "q", "cursor", "limit", "key.host.id", "key.",
			"stauts", "format", "");

	private static final List<String> VALUES = List.of("", ",", ",,", " ", "\t", "open", "open,closed", "OPEN", "2",
			"-1", "101", "1e999", "NaN", "high", "critical,low", "x".repeat(5000), "2024-05-14T08:00:00Z", "2024-13-99",
			"TA0008", "Lateral Movement", "T1021.006", "%", "_", "\\", "'; DROP TABLE alert; --", "\u0000", "\u00e9",
			"a".repeat(100) + ",".repeat(2000), "0", "1001", "eyJ4IjoxfQ", "!!!", "null");

	private static RunningService service;

	private static Http http;

	private static String alert;

	@BeforeContainer
	static void start() throws IOException {
		service = RunningService.start("api-fuzz");
		http = service.http();
		http.post("/api/v1/events", "application/x-ndjson",
				SeedAttack.pair("fuzz-host", "fuzz", java.time.Instant.parse("2024-05-14T08:00:00Z")));
		alert = jdbc().queryForObject("SELECT id FROM alert", String.class);
	}

	@AfterContainer
	static void stop() {
		if (service != null) {
			service.close();
		}
	}

	@Property(tries = 400)
	void alertListingsNeverFail(@ForAll("queries") String query) {
		assertAnswered(http.get("/api/v1/alerts?" + query));
	}

	@Property(tries = 200)
	void lookupsNeverFail(@ForAll("paths") String path) {
		assertAnswered(http.get(path));
	}

	@Property(tries = 400)
	void aRefusedStatusChangeChangesNothing(@ForAll("statusBodies") String body) {
		Map<String, Object> before = state();
		Http.Response response = http.post("/api/v1/alerts/_status", "application/json", body);
		assertAnswered(response);
		if (response.status() >= 400) {
			assertThat(state()).as(body).isEqualTo(before);
		}
		else {
			// an accepted change is undone, so that every try starts from the same alert
			http.post("/api/v1/alerts/_status", "application/json",
					"{\"ids\": [\"" + alert + "\"], \"status\": \"open\"}");
		}
	}

	@Provide
	Arbitrary<String> queries() {
		Arbitrary<String> pair = Combinators.combine(Arbitraries.of(PARAMETERS), Arbitraries.of(VALUES))
			.as((name, value) -> name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
		return pair.list().ofMinSize(0).ofMaxSize(5).map(pairs -> String.join("&", pairs));
	}

	@Provide
	Arbitrary<String> paths() {
		Arbitrary<String> segment = Arbitraries.of(VALUES)
			.map(value -> URLEncoder.encode(value, StandardCharsets.UTF_8));
		return Arbitraries.oneOf(segment.map(id -> "/api/v1/alerts/" + id),
				segment.map(id -> "/api/v1/alerts/" + id + "?format=kibana"),
				segment.map(format -> "/api/v1/alerts/" + alert + "?format=" + format),
				segment.map(id -> "/api/v1/rules/" + id),
				segment.map(value -> "/api/v1/attack/coverage?" + value + "=" + value),
				segment.map(value -> "/api/v1/attack/navigator-layer?status=" + value));
	}

	@Provide
	Arbitrary<String> statusBodies() {
		Arbitrary<String> json = Arbitraries.of("\"open\"", "\"closed\"", "\"acknowledged\"", "1", "null", "[]",
				"[null]", "[\"\"]", "{}", "\"" + "x".repeat(2000) + "\"", "[\"" + alert + "\"]", "{\"status\": \",\"}",
				"{\"min_risk_score\": 101}", "{\"minRiskScore\": 1}", "{\"key\": {\"host.id\": null}}",
				"{\"rule_id\": []}", "true", "-1", "1e999");
		Arbitrary<String> member = Combinators
			.combine(Arbitraries.of("ids", "query", "status", "reason", "confirm", "unknown"), json)
			.as((name, value) -> "\"" + name + "\": " + value);
		return Arbitraries.oneOf(member.list().ofMaxSize(4).map(members -> "{" + String.join(", ", members) + "}"),
				Arbitraries.of("", "{", "[]", "null", "{\"ids\": [\"" + alert + "\"]}"));
	}

	private static void assertAnswered(Http.Response response) {
		assertThat(response.status()).as(response.body()).isLessThan(500);
		if (response.status() >= 400) {
			assertThat(response.contentType()).as(response.body()).startsWith("application/");
			assertThat(response.json().get("status").asInt()).isEqualTo(response.status());
		}
	}

	/**
	 * The alert's status and history, which a refused request must leave as they were.
	 */
	private static Map<String, Object> state() {
		return jdbc().queryForMap(
				"SELECT status, (SELECT count(*) FROM alert_status_change) AS changes FROM alert " + "WHERE id = ?",
				alert);
	}

	private static JdbcTemplate jdbc() {
		return service.jdbc();
	}

}
