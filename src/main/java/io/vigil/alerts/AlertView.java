package io.vigil.alerts;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An alert as the API shows it.
 *
 * @param keys the join key values, by field ({@code {"host.id": "..."}})
 * @param events the ordered events: stage (1-based), {@code missing} for a missing-event stage,
 * event id, timestamp and the event as received ({@code source})
 */
public record AlertView(String id, String ruleId, String ruleName, String severity, int riskScore,
		Map<String, @Nullable Object> keys, JsonNode events, Instant firstEventAt, Instant lastEventAt,
		Instant detectedAt) {
}
