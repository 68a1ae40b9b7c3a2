package io.vigil.detection;

import java.util.List;

/**
 * What ingesting a batch did. Returned only once every alert it completed is committed.
 *
 * @param accepted events evaluated
 * @param rejected events that could not be evaluated, each listed in {@code errors}
 * @param late accepted events too old to start or extend a sequence (still evaluated by single-event rules)
 * @param alertsCreated alerts stored by this batch (a detection already stored is not counted)
 */
public record IngestResult(int accepted, int rejected, int late, int alertsCreated, List<EventError> errors) {

	public IngestResult {
		errors = List.copyOf(errors);
	}

	/** Why the event at {@code index} (0-based, in the batch) was rejected. */
	public record EventError(int index, String reason) {
	}

}
