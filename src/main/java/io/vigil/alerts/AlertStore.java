package io.vigil.alerts;

import java.sql.Timestamp;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.vigil.engine.Detection;
import io.vigil.engine.EngineEvent;
import org.jspecify.annotations.Nullable;
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

	/** The newest alerts first, optionally of one rule. */
	public List<AlertView> newest(@Nullable String ruleId, int limit) {
		return ruleId == null
				? jdbc.query("SELECT * FROM alert ORDER BY detected_at DESC, id LIMIT ?", this::view, limit)
				: jdbc.query("SELECT * FROM alert WHERE rule_id = ? ORDER BY detected_at DESC, id LIMIT ?", this::view,
						ruleId, limit);
	}

	public Optional<AlertView> find(String id) {
		return jdbc.query("SELECT * FROM alert WHERE id = ?", this::view, id).stream().findFirst();
	}

	@SuppressWarnings("unchecked")
	private AlertView view(ResultSet row, int rowNumber) throws SQLException {
		return new AlertView(row.getString("id"), row.getString("rule_id"), row.getString("rule_name"),
				row.getString("severity"), row.getInt("risk_score"),
				json.readValue(row.getString("join_keys"), LinkedHashMap.class), json.readTree(row.getString("events")),
				row.getTimestamp("first_event_at").toInstant(), row.getTimestamp("last_event_at").toInstant(),
				row.getTimestamp("detected_at").toInstant());
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
