package io.vigil.detection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineEvent;

/**
 * A batch read for evaluation: the events the engine can evaluate, where each stood in the batch,
 * and why the others cannot be evaluated.
 *
 * @param events the readable events, in batch order
 * @param positions each readable event's position in the batch
 * @param errors the unreadable events, with their positions and reasons
 */
public record BatchReading(List<EngineEvent> events, int[] positions, List<IngestResult.EventError> errors) {

	/**
	 * Reads every event of a batch.
	 *
	 * @param arrivals numbers the events in order of receipt
	 */
	public static BatchReading of(DetectionEngine engine, List<IncomingEvent> batch, AtomicLong arrivals,
			Instant receivedAt) {
		List<EngineEvent> events = new ArrayList<>(batch.size());
		int[] positions = new int[batch.size()];
		List<IngestResult.EventError> errors = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			IncomingEvent incoming = batch.get(i);
			DetectionEngine.EventReading reading = engine.read(incoming.extraction(), incoming.source(), incoming.id(),
					arrivals.getAndIncrement(), receivedAt, incoming.index());
			if (reading.event() != null) {
				positions[events.size()] = i;
				events.add(reading.event());
			}
			else {
				errors.add(new IngestResult.EventError(i, reading.reason()));
			}
		}
		return new BatchReading(events, positions, errors);
	}

	/** Per position in the batch: rejected where unreadable, otherwise what {@code status} says of the readable event. */
	public List<IngestResult.Status> statuses(int size, IntFunction<IngestResult.Status> status) {
		IngestResult.Status[] statuses = new IngestResult.Status[size];
		Arrays.fill(statuses, IngestResult.Status.REJECTED);
		for (int j = 0; j < events.size(); j++) {
			statuses[positions[j]] = status.apply(j);
		}
		return List.of(statuses);
	}

}
