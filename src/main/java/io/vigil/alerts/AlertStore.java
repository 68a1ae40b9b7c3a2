package io.vigil.alerts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.engine.Detection;
import io.vigil.engine.EngineEvent;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Stores detections as alerts. A detection already stored (same id) is not stored again. */
@Repository
public class AlertStore {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	AlertStore(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Stores the detections; returns those that were new. */
	public List<Detection> insert(List<Detection> detections, Instant detectedAt) {
		if (detections.isEmpty()) {
			return List.of();
		}
		int[][] counts = jdbc.batchUpdate("""
				INSERT INTO alert (id, rule_id, rule_name, severity, risk_score, join_keys, events, first_event_at,
				                   last_event_at, detected_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", detections, 500, (statement, detection) -> {
			List<EngineEvent> events = detection.events()
				.stream()
				.filter(member -> !member.missing())
				.map(Detection.Member::event)
				.toList();
			statement.setString(1, detection.id());
			statement.setString(2, detection.rule().ruleId());
			statement.setString(3, detection.rule().name());
			statement.setString(4, detection.rule().severity().value());
			statement.setInt(5, detection.rule().riskScore());
			statement.setString(6, json.writeValueAsString(keys(detection)));
			statement.setString(7, json.writeValueAsString(members(detection)));
			statement.setTimestamp(8, Timestamp.from(Instant.ofEpochMilli(events.getFirst().timestamp())));
			statement.setTimestamp(9, Timestamp.from(Instant.ofEpochMilli(events.getLast().timestamp())));
			statement.setTimestamp(10, Timestamp.from(detectedAt));
		});
		List<Detection> created = new ArrayList<>();
		int i = 0;
		for (int[] batch : counts) {
			for (int count : batch) {
				if (count > 0) {
					created.add(detections.get(i));
				}
				i++;
			}
		}
		return created;
	}

	private static Map<String, Object> keys(Detection detection) {
		Map<String, Object> keys = new LinkedHashMap<>();
		detection.keys().forEach(key -> keys.put(key.field(), key.value() == null ? null : key.value().toString()));
		return keys;
	}

	private ArrayNode members(Detection detection) {
		ArrayNode members = json.createArrayNode();
		for (Detection.Member member : detection.events()) {
			ObjectNode node = members.addObject();
			node.put("stage", member.stage());
			node.put("missing", member.missing());
			if (!member.missing()) {
				EngineEvent event = member.event();
				node.put("event_id", event.id());
				node.put("timestamp", Instant.ofEpochMilli(event.timestamp()).toString());
				node.set("source", json.readTree(event.source()));
			}
		}
		return members;
	}

}
