package io.vigil.detection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.alerts.AlertInserter;
import io.vigil.engine.Detection;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineEvent;
import io.vigil.engine.EngineOutcome;
import io.vigil.engine.EventReader;
import io.vigil.logging.ThrottledWarning;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates batches and commits what they produce, in one process (the default,
 * single-process mode). Restores retained events before the application reports itself
 * ready.
 * <p>
 * The engine's state changes before the transaction commits. When a commit fails (the
 * database is unreachable), the state holds what was never stored: the engine is then
 * rebuilt from the stored retained events before the next batch, exactly as at a restart,
 * so the batch the shipper sends again is evaluated as new and the alerts it completes
 * are stored.
 */
@Service
@ConditionalOnBooleanProperty(name = "cluster.enabled", havingValue = false, matchIfMissing = true)
public class DetectionService implements EventIngestion, ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DetectionService.class);

	/**
	 * The warning for events told apart from another claiming their identity, with their
	 * count and up to ten ids.
	 */
	public static final String CONFLICTS = "{} event(s) claimed the id of another event with other content or index "
			+ "and were told apart: {}";

	/**
	 * The warning for events whose join keys were capped, with their count and up to ten
	 * ids.
	 */
	public static final String KEYS_CAPPED = "{} event(s) had more join-key combinations (multi-valued key fields) "
			+ "than one event may have for a rule, and joined under the first ones only: {}";

	private final DetectionEngine engine;

	private final EventReader reader;

	private final AlertInserter alerts;

	private final RetainedEventStore retained;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final JsonMapper json;

	/**
	 * Order of receipt across batches and restarts (seeded past the highest stored
	 * number).
	 */
	private final AtomicLong arrivals = new AtomicLong();

	private final IngestMetrics metrics;

	/**
	 * A client may send conflicting identities at will: the metric counts them all, the
	 * log reports some.
	 */
	private final ThrottledWarning conflicts = new ThrottledWarning(log, Duration.ofSeconds(10));

	private final ThrottledWarning keysCapped = new ThrottledWarning(log, Duration.ofSeconds(10));

	/**
	 * Batches share the engine (read lock); a rebuild and a tick have it alone (write
	 * lock).
	 */
	private final ReadWriteLock engineLock = new ReentrantReadWriteLock();

	/** The engine holds changes of a transaction that did not commit. */
	private volatile boolean stale;

	DetectionService(DetectionEngine engine, EventReader reader, AlertInserter alerts, RetainedEventStore retained,
			TransactionTemplate transaction, Clock clock, JsonMapper json, MeterRegistry registry) {
		this.engine = engine;
		this.reader = reader;
		this.alerts = alerts;
		this.retained = retained;
		this.transaction = transaction;
		this.clock = clock;
		this.json = json;
		this.metrics = new IngestMetrics(registry);
	}

	/**
	 * Evaluates a batch and commits, in one transaction, the alerts it completes and the
	 * events rules retain, as one row for the batch ({@link RetainedEventStore}).
	 * Idempotent without a row per event: an event a rule's state holds already changes
	 * nothing and counts as a duplicate; any other event sent again can change nothing
	 * either, since every alert it completes has the id it had before.
	 */
	@Override
	public IngestResult ingest(EventBatch batch) {
		long started = System.nanoTime();
		List<EngineEvent> events = batch.arrive(arrivals);
		Committed committed = withEngine(() -> transaction.execute(status -> {
			EngineOutcome outcome = events.isEmpty() ? new EngineOutcome() : engine.processStored(events,
					new EngineOutcome.ArrivalRange(events.getFirst().arrival(), events.getLast().arrival()));
			outcome.storedBatch().ifPresent(stored -> retained.save(stored, outcome.retained()));
			return new Committed(outcome, alerts.insert(outcome.detections(), batch.receivedAt()));
		}));
		EngineOutcome outcome = committed.outcome();
		boolean[] duplicate = new boolean[events.size()];
		int duplicates = 0;
		for (int j = 0; j < events.size(); j++) {
			duplicate[j] = outcome.duplicate(events.get(j));
			duplicates += duplicate[j] ? 1 : 0;
		}
		IngestResult result = batch.answer(duplicates, outcome.lateEventIds().size(), outcome.futureEventIds().size(),
				committed.created().size(),
				j -> duplicate[j] ? IngestResult.Status.DUPLICATE : IngestResult.Status.ACCEPTED);
		metrics.batch(batch.size(), result, committed.created(), System.nanoTime() - started);
		Set<String> capped = outcome.keysCappedEventIds();
		if (!capped.isEmpty()) {
			metrics.keysCapped(capped.size());
			keysCapped.warn(KEYS_CAPPED, capped.size(), capped.stream().limit(10).toList());
		}
		List<String> conflicting = outcome.conflictingIds();
		if (!conflicting.isEmpty()) {
			metrics.conflicts(conflicting.size());
			conflicts.warn(CONFLICTS, conflicting.size(), conflicting.subList(0, Math.min(10, conflicting.size())));
		}
		return result;
	}

	private record Committed(EngineOutcome outcome, List<Detection> created) {
	}

	/**
	 * Closes windows time has closed (trailing missing-event stages) and forgets state
	 * too old to matter, in the engine and in the database, where it deletes the batches
	 * none of whose events is held any longer. It has the engine alone: a batch still
	 * being evaluated may not hold its events yet, and one whose commit is pending would
	 * store a batch after its deletion.
	 */
	@Scheduled(fixedDelayString = "${detection.tick:5s}", initialDelayString = "${detection.tick:5s}")
	public void tick() {
		withEngine(engineLock.writeLock(), () -> {
			EngineOutcome outcome = engine.advance();
			transaction.executeWithoutResult(status -> {
				retained.delete(outcome.closedBatches());
				// last: storing alerts takes the commit-order lock, held until the commit
				metrics.alerts(alerts.insert(outcome.detections(), clock.instant()));
			});
			return null;
		});
	}

	/**
	 * Runs work that changes the engine and commits, after rebuilding the engine if an
	 * earlier commit failed; a failure marks the engine for rebuilding.
	 */
	private <T> T withEngine(Supplier<T> work) {
		return withEngine(engineLock.readLock(), work);
	}

	private <T> T withEngine(Lock lock, Supplier<T> work) {
		if (stale) {
			rebuild();
		}
		lock.lock();
		try {
			return work.get();
		}
		catch (RuntimeException ex) {
			stale = true;
			throw ex;
		}
		finally {
			lock.unlock();
		}
	}

	private void rebuild() {
		Lock exclusive = engineLock.writeLock();
		exclusive.lock();
		try {
			if (stale) {
				engine.reset();
				restoreRetained();
				stale = false;
				log.info("Correlation state rebuilt from the database after a failed commit");
			}
		}
		finally {
			exclusive.unlock();
		}
	}

	/**
	 * Restores retained events, so sequences begun before a restart complete after it.
	 */
	@Override
	public void run(ApplicationArguments args) {
		restoreRetained();
	}

	private void restoreRetained() {
		arrivals.set(Math.max(retained.maxArrival() + 1, arrivals.get()));
		// each stored event is read once, whatever number of rules keep it
		Map<String, List<EngineEvent>> byRule = new LinkedHashMap<>();
		List<EngineOutcome.ArrivalRange> reopened = new ArrayList<>();
		int count = 0;
		for (RetainedEventStore.Stored batch : retained.loadAll()) {
			List<CandidateBatchFormat.StoredEvent> events;
			try {
				events = batch.events();
			}
			catch (IllegalArgumentException ex) {
				// one unreadable row must not keep the service from starting
				log.error("Retained events of arrivals {} cannot be read back and are skipped: {}", batch.arrivals(),
						ex.getMessage());
				continue;
			}
			engine.reopen(batch.arrivals());
			reopened.add(batch.arrivals());
			for (CandidateBatchFormat.StoredEvent event : events) {
				EngineEvent restored = read(event);
				if (restored != null) {
					event.ruleIds()
						.forEach(ruleId -> byRule.computeIfAbsent(ruleId, id -> new ArrayList<>()).add(restored));
					count++;
				}
			}
		}
		byRule.forEach(engine::restore);
		// only now, with every rule's events back, is it known which batches no key holds
		retained.delete(engine.closeEmptyBatches(reopened));
		if (count > 0) {
			log.info("Restored {} retained event(s) for {} rule(s)", count, byRule.size());
		}
	}

	private @Nullable EngineEvent read(CandidateBatchFormat.StoredEvent event) {
		EventReader.Reading reading;
		try {
			reading = reader.read(reader.extractor().extract(json.readTree(event.source())), event.source(),
					event.eventId(), event.index(), Instant.ofEpochMilli(event.ingestedAt()));
		}
		catch (JacksonException ex) {
			log.error("Retained event [{}] of rules {} cannot be read back and is skipped: {}", event.eventId(),
					event.ruleIds(), ex.getOriginalMessage());
			return null;
		}
		return reading.event() == null ? null : reading.event().identified(event.eventId()).arrived(event.arrival());
	}

}
