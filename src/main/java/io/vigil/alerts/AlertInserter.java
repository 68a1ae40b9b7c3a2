package io.vigil.alerts;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.engine.Detection;
import io.vigil.engine.EngineEvent;
import io.vigil.rules.Rule;
import io.vigil.rules.Threat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores detections as alerts, on the ingest path: batched inserts that skip a detection
 * already stored (same id), which JPA cannot express without an exception per duplicate.
 */
@Repository
public class AlertInserter {

	private static final Logger log = LoggerFactory.getLogger(AlertInserter.class);

	/** Longer key values are kept in the alert's join key but cannot be filtered on. */
	static final int MAX_FILTERABLE_KEY_LENGTH = 1024;

	private static final int BATCH_SIZE = 500;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	AlertInserter(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Stores the detections in the caller's transaction; returns those that were new.
	 * <p>
	 * Sequence numbers are taken last, from the {@code alert_commit_counter} row, whose
	 * lock the transaction then holds until it commits: the next transaction storing
	 * alerts waits for it, so alerts commit in sequence-number order and a cursor over
	 * {@code seq} never skips one.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Detection> insert(List<Detection> detections, Instant detectedAt) {
		if (detections.isEmpty()) {
			return List.of();
		}
		long firstSeq = reserveSequenceNumbers(detections.size());
		List<Numbered> numbered = new ArrayList<>(detections.size());
		for (int i = 0; i < detections.size(); i++) {
			numbered.add(new Numbered(detections.get(i), firstSeq + i));
		}
		int[][] counts = jdbc.batchUpdate("""
				INSERT INTO alert (id, seq, rule_id, rule_name, rule_description, severity, risk_score, rule_version,
				                   rule_updated_date, rule_building_block_type, rule_tags, rule_references,
				                   rule_false_positives, join_keys, events, first_event_at, last_event_at, detected_at,
				                   status)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open') ON CONFLICT DO NOTHING""",
				numbered, BATCH_SIZE,
				(statement, alert) -> bindAlert(statement, alert.detection(), alert.seq(), detectedAt));
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
		removeOrphanedRows(created);
		insertThreats(created);
		insertKeys(created);
		return created;
	}

	/**
	 * Deletes rows that name an alert just created, which cannot be its own: after a
	 * SIGKILL, H2 was once seen to recover the {@code alert_threat} rows of a transaction
	 * without its {@code alert} and ledger rows, foreign key notwithstanding
	 * (.ci/crash-safety, 2026-11-28). The batch was sent again and completed the same
	 * sequence, and inserting the alert's threats then failed on the leftovers, at every
	 * retry.
	 */
	private void removeOrphanedRows(List<Detection> created) {
		if (created.isEmpty()) {
			return;
		}
		List<Object[]> ids = created.stream().map(detection -> new Object[] { detection.id() }).toList();
		int removed = 0;
		for (String table : List.of("alert_threat", "alert_key", "alert_status_change")) {
			removed += Arrays.stream(jdbc.batchUpdate("DELETE FROM " + table + " WHERE alert_id = ?", ids))
				.filter(count -> count > 0)
				.sum();
		}
		if (removed > 0) {
			log.warn("Removed {} row(s) left without their alert (a crash recovery that lost the alert), before "
					+ "storing the alert again", removed);
		}
	}

	private record Numbered(Detection detection, long seq) {
	}

	private long reserveSequenceNumbers(int count) {
		jdbc.update("UPDATE alert_commit_counter SET last_seq = last_seq + ? WHERE id = 1", count);
		Long last = jdbc.queryForObject("SELECT last_seq FROM alert_commit_counter WHERE id = 1", Long.class);
		return last - count + 1;
	}

	private void bindAlert(PreparedStatement statement, Detection detection, long seq, Instant detectedAt)
			throws SQLException {
		Rule rule = detection.rule();
		List<EngineEvent> events = detection.events()
			.stream()
			.filter(member -> !member.missing())
			.map(Detection.Member::event)
			.toList();
		statement.setString(1, detection.id());
		statement.setLong(2, seq);
		statement.setString(3, rule.ruleId());
		statement.setString(4, rule.name());
		statement.setString(5, rule.description());
		statement.setString(6, rule.severity().value());
		statement.setInt(7, rule.riskScore());
		statement.setObject(8, rule.version(), Types.INTEGER);
		statement.setString(9, rule.metadata().updatedDate());
		statement.setString(10, rule.buildingBlockType());
		statement.setString(11, json.writeValueAsString(rule.tags()));
		statement.setString(12, json.writeValueAsString(rule.references()));
		statement.setString(13, json.writeValueAsString(rule.falsePositives()));
		statement.setString(14, json.writeValueAsString(keys(detection)));
		statement.setString(15, json.writeValueAsString(members(detection)));
		statement.setTimestamp(16, Timestamp.from(Instant.ofEpochMilli(events.getFirst().timestamp())));
		statement.setTimestamp(17, Timestamp.from(Instant.ofEpochMilli(events.getLast().timestamp())));
		statement.setTimestamp(18, Timestamp.from(detectedAt));
	}

	private void insertThreats(List<Detection> created) {
		List<Object[]> rows = new ArrayList<>();
		for (Detection detection : created) {
			List<AlertThreat> threats = threatRows(detection.rule().threat());
			for (int i = 0; i < threats.size(); i++) {
				AlertThreat threat = threats.get(i);
				rows.add(new Object[] { detection.id(), i, threat.framework(), threat.tacticId(), threat.tacticName(),
						threat.tacticReference(), threat.techniqueId(), threat.techniqueName(),
						threat.techniqueReference(), threat.subtechniqueId(), threat.subtechniqueName(),
						threat.subtechniqueReference() });
			}
		}
		jdbc.batchUpdate("""
				INSERT INTO alert_threat (alert_id, threat_index, framework, tactic_id, tactic_name, tactic_reference,
				                          technique_id, technique_name, technique_reference, subtechnique_id,
				                          subtechnique_name, subtechnique_reference)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
	}

	private void insertKeys(List<Detection> created) {
		List<Object[]> rows = new ArrayList<>();
		for (Detection detection : created) {
			int index = 0;
			for (Detection.KeyValue key : detection.keys()) {
				if (key.value() != null && key.value().toString().length() <= MAX_FILTERABLE_KEY_LENGTH) {
					rows.add(new Object[] { detection.id(), index++, key.field(), key.value().toString() });
				}
			}
		}
		jdbc.batchUpdate("INSERT INTO alert_key (alert_id, key_index, key_field, key_value) VALUES (?, ?, ?, ?)", rows);
	}

	/**
	 * A rule's threat mapping as rows: one per sub-technique, technique without any, or
	 * tactic without any.
	 */
	static List<AlertThreat> threatRows(List<Threat> threats) {
		List<AlertThreat> rows = new ArrayList<>();
		for (Threat threat : threats) {
			Threat.AttackEntry tactic = threat.tactic();
			if (threat.techniques().isEmpty()) {
				rows.add(new AlertThreat(threat.framework(), tactic.id(), tactic.name(), tactic.reference(), null, null,
						null, null, null, null));
			}
			for (Threat.Technique technique : threat.techniques()) {
				if (technique.subtechniques().isEmpty()) {
					rows.add(new AlertThreat(threat.framework(), tactic.id(), tactic.name(), tactic.reference(),
							technique.id(), technique.name(), technique.reference(), null, null, null));
				}
				for (Threat.AttackEntry sub : technique.subtechniques()) {
					rows.add(new AlertThreat(threat.framework(), tactic.id(), tactic.name(), tactic.reference(),
							technique.id(), technique.name(), technique.reference(), sub.id(), sub.name(),
							sub.reference()));
				}
			}
		}
		return rows;
	}

	private static Map<String, @Nullable Object> keys(Detection detection) {
		Map<String, @Nullable Object> keys = new LinkedHashMap<>();
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
				node.put("index", event.index());
				node.put("timestamp", Instant.ofEpochMilli(event.timestamp()).toString());
				node.set("source", json.readTree(event.source()));
			}
		}
		return members;
	}

}
