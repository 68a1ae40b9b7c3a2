package io.vigil.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import io.vigil.rules.Severity;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jpa.domain.Specification;

/**
 * Which alerts to list or update. Every condition present must hold; a list holds when
 * any of its values does. Time ranges include {@code from} and exclude {@code to}.
 *
 * @param keys join key values by field: an alert matches when its key has every one of
 * them
 * @param tactic a tactic id ({@code TA0008}) or name ({@code Lateral Movement}), case
 * ignored
 * @param technique a technique id, which also matches its sub-techniques ({@code T1021}),
 * or a sub-technique id ({@code T1021.006})
 * @param from detected at or after
 * @param to detected before
 * @param eventFrom the alert's last event at or after
 * @param eventTo the alert's first event before
 * @param text part of the rule name, case ignored
 */
public record AlertFilter(@JsonProperty("status") List<AlertStatus> statuses,
		@JsonProperty("severity") List<Severity> severities, @Nullable Integer minRiskScore,
		@JsonProperty("rule_id") List<String> ruleIds,
		@Schema(example = KEYS_EXAMPLE) @JsonProperty("key") Map<String, String> keys, @Nullable String tactic,
		@Nullable String technique, @Nullable Instant from, @Nullable Instant to, @Nullable Instant eventFrom,
		@Nullable Instant eventTo, @JsonProperty("q") @Nullable String text) {

	/**
	 * Values one list may hold: each is a bind parameter, and databases cap how many a
	 * statement has.
	 */
	public static final int MAX_VALUES = 1000;

	private static final String KEYS_EXAMPLE = "{\"host.id\": \"b2a6b8d5-2d4c-4c57-9f0b-1b1a6f1f6d10\"}";

	/** Join key conditions one filter may hold: each is a subquery. */
	public static final int MAX_KEYS = 20;

	private static final char LIKE_ESCAPE = '\\';

	/**
	 * @throws IllegalArgumentException naming the parameter at fault: an empty value, too
	 * many, a score out of range
	 */
	public AlertFilter {
		statuses = values("status", statuses);
		severities = values("severity", severities);
		ruleIds = values("rule_id", ruleIds);
		keys = keys(keys);
		if (minRiskScore != null && (minRiskScore < 0 || minRiskScore > 100)) {
			throw new IllegalArgumentException(
					"[min_risk_score] must be between 0 and 100, found [%d]".formatted(minRiskScore));
		}
	}

	private static <T> List<T> values(String name, @Nullable List<T> values) {
		if (values == null) {
			return List.of();
		}
		if (values.size() > MAX_VALUES) {
			throw new IllegalArgumentException(
					"[%s] has %d values, more than %d".formatted(name, values.size(), MAX_VALUES));
		}
		for (T value : values) {
			// "status=," or "status=%20" binds as an empty element: a typo must not widen
			// the filter
			if (value == null || value instanceof String text && text.isBlank()) {
				throw new IllegalArgumentException("[%s] has an empty value".formatted(name));
			}
		}
		return List.copyOf(values);
	}

	private static Map<String, String> keys(@Nullable Map<String, String> keys) {
		if (keys == null) {
			return Map.of();
		}
		if (keys.size() > MAX_KEYS) {
			throw new IllegalArgumentException("[key] has %d fields, more than %d".formatted(keys.size(), MAX_KEYS));
		}
		keys.forEach((field, value) -> {
			if (field == null || field.isBlank() || value == null || value.isEmpty()) {
				throw new IllegalArgumentException("[key.%s] has no value".formatted(field));
			}
		});
		return Map.copyOf(keys);
	}

	/**
	 * The JPA criteria of this filter. Values are bound as parameters, never spliced into
	 * SQL.
	 */
	Specification<Alert> specification() {
		return (alert, query, cb) -> {
			List<Predicate> conditions = new ArrayList<>();
			if (!statuses.isEmpty()) {
				conditions.add(alert.get("status").in(statuses));
			}
			if (!severities.isEmpty()) {
				conditions.add(alert.get("severity").in(severities.stream().map(Severity::value).toList()));
			}
			if (minRiskScore != null) {
				conditions.add(cb.greaterThanOrEqualTo(alert.get("riskScore"), minRiskScore));
			}
			if (!ruleIds.isEmpty()) {
				conditions.add(alert.get("ruleId").in(ruleIds));
			}
			keys.forEach((field, value) -> conditions
				.add(cb.exists(keyMatches(query.subquery(Integer.class), alert, cb, field, value))));
			if (tactic != null) {
				conditions.add(cb.exists(threatMatches(query.subquery(Integer.class), alert, cb,
						(threat, c) -> c.or(
								c.equal(c.upper(threat.get("tacticId")), tactic.strip().toUpperCase(Locale.ROOT)),
								c.equal(c.lower(threat.get("tacticName")), tactic.strip().toLowerCase(Locale.ROOT))))));
			}
			if (technique != null) {
				String id = technique.strip().toUpperCase(Locale.ROOT);
				String column = id.contains(".") ? "subtechniqueId" : "techniqueId";
				conditions.add(cb.exists(threatMatches(query.subquery(Integer.class), alert, cb,
						(threat, c) -> c.equal(c.upper(threat.get(column)), id))));
			}
			if (from != null) {
				conditions.add(cb.greaterThanOrEqualTo(alert.get("detectedAt"), from));
			}
			if (to != null) {
				conditions.add(cb.lessThan(alert.get("detectedAt"), to));
			}
			if (eventFrom != null) {
				conditions.add(cb.greaterThanOrEqualTo(alert.get("lastEventAt"), eventFrom));
			}
			if (eventTo != null) {
				conditions.add(cb.lessThan(alert.get("firstEventAt"), eventTo));
			}
			if (text != null && !text.isBlank()) {
				conditions.add(cb.like(cb.lower(alert.get("ruleName")),
						"%" + escapeLike(text.strip().toLowerCase(Locale.ROOT)) + "%", LIKE_ESCAPE));
			}
			return cb.and(conditions.toArray(Predicate[]::new));
		};
	}

	private static Subquery<Integer> keyMatches(Subquery<Integer> subquery, Root<Alert> alert, CriteriaBuilder cb,
			String field, String value) {
		Join<Alert, AlertKey> key = subquery.correlate(alert).join("keys");
		return subquery.select(cb.literal(1))
			.where(cb.equal(key.get("keyField"), field), cb.equal(key.get("keyValue"), value));
	}

	private static Subquery<Integer> threatMatches(Subquery<Integer> subquery, Root<Alert> alert, CriteriaBuilder cb,
			ThreatCondition condition) {
		Join<Alert, AlertThreat> threat = subquery.correlate(alert).join("threats");
		return subquery.select(cb.literal(1)).where(condition.on(threat, cb));
	}

	private static String escapeLike(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
				escaped.append(LIKE_ESCAPE);
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	@FunctionalInterface
	private interface ThreatCondition {

		Predicate on(Join<Alert, AlertThreat> threat, CriteriaBuilder cb);

	}

}
