package io.vigil.alerts;

import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.vigil.support.Http;
import io.vigil.support.SeedAttack;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A triage request is read strictly: a misspelt filter is refused naming the property
 * instead of widening to every alert, enums are given by name, a single value stands for
 * a list, and a query that selects more than {@code alerts.triage.max-without-confirm}
 * alerts needs {@code "confirm": true}.
 */
@VigilIntegrationTest(properties = { VigilIntegrationTest.DATABASE, "alerts.triage.max-without-confirm=2" })
class TriageContractIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private Http http;

	@BeforeEach
	void threeOpenAlerts() {
		http = new Http(port);
		jdbc.update("UPDATE alert SET status = 'open'");
		// the same events before every test: sent again, they are the same three alerts
		Instant at = Instant.parse("2026-12-01T10:00:00Z");
		for (String host : new String[] { "triage-1", "triage-2", "triage-3" }) {
			http.post("/api/v1/events", "application/x-ndjson", SeedAttack.pair(host, host, at));
		}
		assertThat(open()).isEqualTo(3);
	}

	@Test
	void aMisspeltFilterIsRefusedNamingItAndChangesNothing() {
		Http.Response response = http.post("/api/v1/alerts/_status", "application/json",
				"{\"query\": {\"minRiskScore\": 99}, \"status\": \"closed\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("field").asString()).isEqualTo("query.minRiskScore");
		assertThat(error.get("message").asString()).startsWith("unknown property [minRiskScore]")
			.contains("min_risk_score");
		assertThat(open()).isEqualTo(3);
	}

	@Test
	void anEnumIsGivenByNameNeverByPosition() {
		for (String status : new String[] { "1", "\"shut\"" }) {
			Http.Response response = http.post("/api/v1/alerts/_status", "application/json",
					"{\"ids\": [\"x\"], \"status\": " + status + "}");
			assertThat(response.status()).as(status).isEqualTo(400);
			assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
		}
		assertThat(open()).isEqualTo(3);
	}

	@Test
	void aQuerySelectingMoreThanTheLimitNeedsConfirmation() {
		String closeAll = "{\"query\": {\"status\": \"open\"}, \"status\": \"acknowledged\"%s}";
		Http.Response refused = http.post("/api/v1/alerts/_status", "application/json", closeAll.formatted(""));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("detail").asString())
			.isEqualTo("The query selects 3 alerts, more than alerts.triage.max-without-confirm (2): "
					+ "send \"confirm\": true to change them all");
		assertThat(open()).isEqualTo(3);
		JsonNode confirmed = http
			.post("/api/v1/alerts/_status", "application/json", closeAll.formatted(", \"confirm\": true"))
			.json();
		assertThat(confirmed.get("updated").asInt()).isEqualTo(3);
		assertThat(open()).isZero();
	}

	@Test
	void aQueryWithinTheLimitNeedsNoConfirmation() {
		JsonNode changed = http
			.post("/api/v1/alerts/_status", "application/json",
					"{\"query\": {\"key\": {\"host.id\": \"triage-1\"}}, \"status\": \"closed\"}")
			.json();
		assertThat(changed.get("updated").asInt()).isEqualTo(1);
		assertThat(open()).isEqualTo(2);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "status=,", "status=open,,", "status=%20", "severity=%09", "rule_id=,", "key.host.id=" })
	void anEmptyListValueIsRefusedNamingTheParameter(String query) {
		Http.Response response = http.get("/api/v1/alerts?" + query);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("[" + query.substring(0, query.indexOf('=')));
	}

	@Test
	void anUnknownQueryParameterIsRefusedNotIgnored() {
		Http.Response response = http.get("/api/v1/alerts?stauts=closed");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).startsWith("Unknown query parameter(s) [stauts]");
	}

	@Test
	void moreValuesThanABindParameterListHoldsAreRefused() {
		String many = IntStream.range(0, AlertFilter.MAX_VALUES + 1)
			.mapToObj(i -> "r" + i)
			.collect(Collectors.joining(","));
		Http.Response listed = http.get("/api/v1/alerts?rule_id=" + many);
		assertThat(listed.status()).isEqualTo(400);
		assertThat(listed.json().get("detail").asString()).isEqualTo("[rule_id] has 1001 values, more than 1000");
		String ids = IntStream.range(0, AlertFilter.MAX_VALUES + 1)
			.mapToObj(i -> "\"r" + i + "\"")
			.collect(Collectors.joining(","));
		Http.Response triaged = http.post("/api/v1/alerts/_status", "application/json",
				"{\"query\": {\"rule_id\": [" + ids + "]}, \"status\": \"closed\", \"confirm\": true}");
		assertThat(triaged.status()).as(triaged.body()).isEqualTo(400);
		assertThat(triaged.body()).contains("[rule_id] has 1001 values");
		assertThat(open()).isEqualTo(3);
	}

	@Test
	void aNullIdIsRefusedNamingIt() {
		Http.Response response = http.post("/api/v1/alerts/_status", "application/json",
				"{\"ids\": [null], \"status\": \"closed\"}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).startsWith("ids");
		Http.Response inQuery = http.post("/api/v1/alerts/_status", "application/json",
				"{\"query\": {\"status\": [null]}, \"status\": \"closed\", \"confirm\": true}");
		assertThat(inQuery.status()).isEqualTo(400);
		assertThat(open()).isEqualTo(3);
	}

	private int open() {
		return jdbc.queryForObject("SELECT count(*) FROM alert WHERE status = 'open'", Integer.class);
	}

}
