package io.vigil.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.BatchSize;
import org.jspecify.annotations.Nullable;

/**
 * A stored alert, as analysts read and triage it. Alerts are written by
 * {@link AlertInserter} on the ingest path (one batched insert that skips detections
 * already stored); this mapping reads them and records status changes, the only part of
 * an alert that ever changes.
 */
@Entity
@Table(name = "alert")
public class Alert {

	@Id
	private String id;

	/** Commit order: see {@code alert_commit_counter} in the migrations. */
	private long seq;

	private String ruleId;

	private String ruleName;

	private String ruleDescription;

	private String severity;

	private int riskScore;

	private @Nullable Integer ruleVersion;

	private @Nullable String ruleUpdatedDate;

	private @Nullable String ruleBuildingBlockType;

	@Convert(converter = StringListColumn.class)
	private List<String> ruleTags;

	@Convert(converter = StringListColumn.class)
	private List<String> ruleReferences;

	@Convert(converter = StringListColumn.class)
	private List<String> ruleFalsePositives;

	/** The join key as a JSON object, in key order, null values included. */
	private String joinKeys;

	/** The ordered events as a JSON array; see {@link AlertView#events()}. */
	private String events;

	private Instant firstEventAt;

	private Instant lastEventAt;

	private Instant detectedAt;

	@Convert(converter = AlertStatusColumn.class)
	private AlertStatus status;

	private @Nullable Instant statusUpdatedAt;

	@Version
	private long version;

	@ElementCollection
	@CollectionTable(name = "alert_threat", joinColumns = @JoinColumn(name = "alert_id"))
	@OrderColumn(name = "threat_index")
	@BatchSize(size = 100)
	private List<AlertThreat> threats = new ArrayList<>();

	/**
	 * Only queried: {@link AlertFilter} matches {@code key.<field>} against these rows.
	 */
	@ElementCollection
	@CollectionTable(name = "alert_key", joinColumns = @JoinColumn(name = "alert_id"))
	@OrderColumn(name = "key_index")
	@BatchSize(size = 100)
	private List<AlertKey> keys = new ArrayList<>();

	@ElementCollection
	@CollectionTable(name = "alert_status_change", joinColumns = @JoinColumn(name = "alert_id"))
	@OrderColumn(name = "change_index")
	@BatchSize(size = 100)
	private List<StatusChange> history = new ArrayList<>();

	protected Alert() {
		// for JPA
	}

	/**
	 * Moves the alert to {@code to} and records the change.
	 * @return false when the alert already has that status: nothing changes, nothing is
	 * recorded
	 */
	boolean changeStatus(AlertStatus to, Instant at, String by, @Nullable String reason) {
		if (to == status) {
			return false;
		}
		history.add(new StatusChange(status, to, at, by, reason));
		status = to;
		statusUpdatedAt = at;
		return true;
	}

	public String id() {
		return id;
	}

	public long seq() {
		return seq;
	}

	public String ruleId() {
		return ruleId;
	}

	public String ruleName() {
		return ruleName;
	}

	public String ruleDescription() {
		return ruleDescription;
	}

	public String severity() {
		return severity;
	}

	public int riskScore() {
		return riskScore;
	}

	public @Nullable Integer ruleVersion() {
		return ruleVersion;
	}

	public @Nullable String ruleUpdatedDate() {
		return ruleUpdatedDate;
	}

	public @Nullable String ruleBuildingBlockType() {
		return ruleBuildingBlockType;
	}

	public List<String> ruleTags() {
		return ruleTags;
	}

	public List<String> ruleReferences() {
		return ruleReferences;
	}

	public List<String> ruleFalsePositives() {
		return ruleFalsePositives;
	}

	public String joinKeys() {
		return joinKeys;
	}

	public String events() {
		return events;
	}

	public Instant firstEventAt() {
		return firstEventAt;
	}

	public Instant lastEventAt() {
		return lastEventAt;
	}

	public Instant detectedAt() {
		return detectedAt;
	}

	public AlertStatus status() {
		return status;
	}

	public @Nullable Instant statusUpdatedAt() {
		return statusUpdatedAt;
	}

	public List<AlertThreat> threats() {
		return List.copyOf(threats);
	}

	public List<StatusChange> history() {
		return List.copyOf(history);
	}

}
