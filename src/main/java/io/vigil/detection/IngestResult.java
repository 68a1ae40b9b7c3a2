package io.vigil.detection;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What ingesting a batch did. Returned only once every alert it completed is committed
 * (in clustered mode: acknowledged by Kafka).
 * <p>
 * In clustered mode the ingest tier cannot tell duplicates and late events (the
 * correlation tier handles both), so it reports 0 for them, and {@code alertsCreated}
 * counts the single-event alerts it published.
 *
 * @param accepted events evaluated that were not duplicates
 * @param rejected events that could not be evaluated, each listed in {@code errors}
 * @param duplicates events recognised as ingested before: a rule's state holds an event
 * of the same identity already (a candidate that can still take part in a sequence or
 * sample), so it changed nothing
 * @param late accepted events too old, by their own join key's clock, to start or extend
 * a sequence (still evaluated by single-event rules)
 * @param future accepted events dated more than {@code detection.max-future-skew} ahead
 * of the service's clock: evaluated all the same, but a sign of a host whose clock runs
 * ahead, or of a forged time
 * @param alertsCreated alerts stored by this batch (a detection already stored is not
 * counted)
 * @param statuses what became of each event, in batch order
 */
public record IngestResult(int accepted, int rejected, int duplicates, int late, int future, int alertsCreated,
		List<EventError> errors, @JsonIgnore List<Status> statuses) {

	public IngestResult {
		errors = List.copyOf(errors);
		statuses = List.copyOf(statuses);
	}

	/** What became of one event. */
	public enum Status {

		ACCEPTED, DUPLICATE, REJECTED

	}

	/** Why the event at {@code index} (0-based, in the batch) was rejected. */
	public record EventError(int index, String reason) {
	}

}
