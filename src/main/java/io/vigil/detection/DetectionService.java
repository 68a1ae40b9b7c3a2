package io.vigil.detection;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.alerts.AlertStore;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineEvent;
import io.vigil.engine.EngineOutcome;
import io.vigil.engine.RetainedEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates batches and commits what they produce. Restores retained events before the
 * application reports itself ready.
 */
@Service
public class DetectionService implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DetectionService.class);

	private final DetectionEngine engine;

	private final AlertStore alerts;

	private final RetainedEventStore retained;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final JsonMapper json;

	/** Order of receipt across batches and restarts (seeded past the highest stored number). */
	private final AtomicLong arrivals = new AtomicLong();

	private final Counter lateEvents;

	DetectionService(DetectionEngine engine, AlertStore alerts, RetainedEventStore retained,
			TransactionTemplate transaction, Clock clock, JsonMapper json, MeterRegistry registry) {
		this.engine = engine;
		this.alerts = alerts;
		this.retained = retained;
		this.transaction = transaction;
		this.clock = clock;
		this.json = json;
		this.lateEvents = Counter.builder("vigil.events.late")
			.description("Events too old to start or extend a sequence")
			.register(registry);
	}

	/** Evaluates a batch and commits the alerts it completes and the events rules retain. */
	public IngestResult ingest(List<IncomingEvent> batch) {
		Instant receivedAt = clock.instant();
		List<EngineEvent> events = new ArrayList<>(batch.size());
		List<IngestResult.EventError> errors = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			IncomingEvent incoming = batch.get(i);
			DetectionEngine.EventReading reading = engine.read(incoming.json(), incoming.source(), incoming.id(),
					arrivals.getAndIncrement(), receivedAt, incoming.index());
			if (reading.event() != null) {
				events.add(reading.event());
			}
			else {
				errors.add(new IngestResult.EventError(i, reading.reason()));
			}
		}
		EngineOutcome outcome = engine.process(events);
		Integer created = transaction.execute(status -> {
			retained.saveAll(outcome.retained());
			return alerts.insert(outcome.detections(), receivedAt);
		});
		lateEvents.increment(outcome.lateEventIds().size());
		return new IngestResult(events.size(), errors.size(), outcome.lateEventIds().size(), created == null ? 0 : created,
				errors);
	}

	/** Closes windows time has closed (trailing missing-event stages) and forgets state too old to matter. */
	@Scheduled(fixedDelayString = "${detection.tick:5s}")
	public void tick() {
		EngineOutcome outcome = engine.advance();
		transaction.executeWithoutResult(status -> {
			alerts.insert(outcome.detections(), clock.instant());
			engine.retentionCutoffs().forEach((ruleId, cutoff) -> {
				if (cutoff != Long.MIN_VALUE) {
					retained.deleteOlderThan(ruleId, cutoff);
				}
			});
		});
	}

	/** Restores retained events, so sequences begun before a restart complete after it. */
	@Override
	public void run(ApplicationArguments args) {
		arrivals.set(Math.max(retained.maxArrival() + 1, 0));
		Map<String, List<RetainedEventStore.Stored>> stored = retained.loadAll();
		int count = 0;
		for (Map.Entry<String, List<RetainedEventStore.Stored>> rule : stored.entrySet()) {
			List<EngineEvent> events = new ArrayList<>();
			for (RetainedEventStore.Stored event : rule.getValue()) {
				DetectionEngine.EventReading reading = engine.read(json.readTree(event.source()), event.source(),
						event.eventId(), event.arrival(), Instant.ofEpochMilli(event.ingestedAt()), event.index());
				if (reading.event() != null) {
					events.add(reading.event());
				}
			}
			engine.restore(rule.getKey(), events);
			count += events.size();
		}
		if (count > 0) {
			log.info("Restored {} retained event(s) for {} rule(s)", count, stored.size());
		}
	}

}
