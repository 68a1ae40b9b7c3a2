package io.vigil.detection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.vigil.engine.EngineEvent;
import io.vigil.engine.EventReader;
import io.vigil.engine.IncomingEvent;

/**
 * A batch as it was received: at each of its positions, an event read once, or why it
 * could not be read. Every entry point builds one (the events endpoint, {@code _bulk},
 * the events topic, a rule test) and the ingestion answers per position
 * ({@link IngestResult#statuses()}).
 *
 * @param readings in the order received
 * @param receivedAt when the batch was received
 */
public record EventBatch(List<EventReader.Reading> readings, Instant receivedAt) {

	public EventBatch {
		readings = List.copyOf(readings);
	}

	public int size() {
		return readings.size();
	}

	/**
	 * The readable events in batch order, numbered in the order of receipt from
	 * {@code arrivals}.
	 */
	public List<EngineEvent> arrive(AtomicLong arrivals) {
		long readable = readings.stream().filter(reading -> reading.event() != null).count();
		// numbers that follow one another: the batch's retained events are stored
		// together, under its range
		long next = arrivals.getAndAdd(readable);
		List<EngineEvent> events = new ArrayList<>((int) readable);
		for (EventReader.Reading reading : readings) {
			IncomingEvent event = reading.event();
			if (event != null) {
				events.add(event.arrived(next++));
			}
		}
		return events;
	}

	/** The positions that could not be read, and why. */
	public List<IngestResult.EventError> errors() {
		List<IngestResult.EventError> errors = new ArrayList<>();
		for (int position = 0; position < readings.size(); position++) {
			String reason = readings.get(position).reason();
			if (reason != null) {
				errors.add(new IngestResult.EventError(position, reason));
			}
		}
		return errors;
	}

	/**
	 * What became of each position: rejected where unreadable, otherwise
	 * {@code ofReadable} of the readable event's place among {@link #arrive}'s events.
	 */
	public IngestResult answer(int duplicates, int late, int future, int alertsCreated,
			IntFunction<IngestResult.Status> ofReadable) {
		List<IngestResult.Status> statuses = new ArrayList<>(readings.size());
		int readable = 0;
		for (EventReader.Reading reading : readings) {
			statuses.add(reading.event() == null ? IngestResult.Status.REJECTED : ofReadable.apply(readable++));
		}
		List<IngestResult.EventError> errors = errors();
		return new IngestResult(readable - duplicates, errors.size(), duplicates, late, future, alertsCreated, errors,
				statuses);
	}

}
