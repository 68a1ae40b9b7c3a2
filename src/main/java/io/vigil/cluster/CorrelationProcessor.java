package io.vigil.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.vigil.engine.Detection;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineEvent;
import io.vigil.engine.EngineOutcome;
import io.vigil.engine.EventReader;
import io.vigil.engine.KeyScope;
import io.vigil.engine.Scoped;
import io.vigil.rules.RuleState;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One correlation task: the state of the rules and join keys routed to one candidates
 * partition. The store (changelogged, so it moves with the partition and survives an
 * instance's death) holds every candidate the task retains; the engine, the same matcher
 * as the single-process mode, is rebuilt from the store whenever the task is
 * (re)initialised. Under exactly-once processing the store's changes, the alerts produced
 * and the input offsets commit together, so after a failure the task resumes from a state
 * and a position that agree.
 * <p>
 * Event time is the single process's: each rule and join key has a clock of its own,
 * moved by its own candidates (and by the wall clock while it is quiet) and never
 * believed beyond the wall clock plus the allowed skew; a candidate is late when it is
 * older than its key's clock by the horizon. Since every candidate of a key lands on this
 * partition, the same events make the same decisions.
 */
final class CorrelationProcessor implements Processor<String, byte[], String, byte[]> {

	private static final Logger log = LoggerFactory.getLogger(CorrelationProcessor.class);

	private final CorrelationEngines engines;

	private final EventReader reader;

	private final AlertRecords alerts;

	private final JsonMapper json;

	private final Duration tick;

	private @Nullable ProcessorContext<String, byte[]> context;

	private @Nullable KeyValueStore<String, byte[]> store;

	private volatile @Nullable DetectionEngine engine;

	private @Nullable Cancellable punctuation;

	CorrelationProcessor(CorrelationEngines engines, EventReader reader, AlertRecords alerts, JsonMapper json,
			Duration tick) {
		this.engines = engines;
		this.reader = reader;
		this.alerts = alerts;
		this.json = json;
		this.tick = tick;
	}

	@Override
	public void init(ProcessorContext<String, byte[]> context) {
		this.context = context;
		this.store = context.getStateStore(CorrelationTopology.STORE);
		this.engine = engines.create();
		int restored = restore(engine, store);
		engines.opened(this);
		this.punctuation = context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> advance());
		log.info("Correlation task {} started with {} retained candidate(s)", context.taskId(), restored);
	}

	/**
	 * Rebuilds the engine's state from the candidates the store retains, without
	 * producing anything.
	 */
	private int restore(DetectionEngine engine, KeyValueStore<String, byte[]> store) {
		Map<String, List<Scoped>> byRule = new LinkedHashMap<>();
		List<String> unloaded = new ArrayList<>();
		int count = 0;
		try (KeyValueIterator<String, byte[]> entries = store.all()) {
			while (entries.hasNext()) {
				KeyValue<String, byte[]> entry = entries.next();
				String candidateKey = candidateKeyOf(entry.key);
				if (!engine.evaluates(CandidateKey.ruleId(candidateKey))) {
					unloaded.add(entry.key); // the rule is no longer loaded: its
												// candidates can never matter
					continue;
				}
				EngineEvent event = read(CandidateRecords.Stored.fromBytes(entry.value));
				if (event != null) {
					byRule.computeIfAbsent(CandidateKey.ruleId(candidateKey), id -> new ArrayList<>())
						.add(new Scoped(event, scope(candidateKey)));
					count++;
				}
			}
		}
		unloaded.forEach(store::delete);
		byRule.forEach((ruleId, events) -> forget(engine.restoreScoped(ruleId, events)));
		return count;
	}

	@Override
	public void process(Record<String, byte[]> record) {
		String candidateKey = record.key();
		String ruleId = CandidateKey.ruleId(candidateKey);
		if (!engine().evaluates(ruleId)) {
			engines.unknownRule(ruleId);
			return;
		}
		long offset = context().recordMetadata().map(metadata -> metadata.offset()).orElse(-1L);
		CandidateRecords.Stored candidate;
		try {
			candidate = CandidateRecords.read(record.headers(), record.value(), offset);
		}
		catch (IllegalArgumentException ex) {
			// not written by an ingest instance: reading it again would not help
			log.error("Record at offset {} of the candidates topic is skipped: {}", offset, ex.getMessage());
			return;
		}
		byte[] held = store().get(storeKey(candidateKey, candidate.eventId()));
		if (held != null && CandidateRecords.Stored.fromBytes(held).sameEventAs(candidate)) {
			return; // sent again after a failure upstream: the task holds it already
		}
		EngineEvent event = read(candidate);
		if (event == null) {
			return;
		}
		// an event claiming a held event's identity with other content is retained under
		// one of its own
		EngineOutcome outcome = engine().correlate(ruleId, event, scope(candidateKey));
		for (EngineOutcome.Retained retained : outcome.retained()) {
			String eventId = retained.event().id();
			store().put(storeKey(candidateKey, eventId), candidate.withEventId(eventId).toBytes());
		}
		if (!outcome.conflictingIds().isEmpty()) {
			engines.conflicts(outcome.conflictingIds());
		}
		forget(outcome);
		forward(outcome, record.timestamp());
	}

	/**
	 * Closes windows that time has closed and forgets candidates too old to matter, in
	 * the engine and the store.
	 */
	private void advance() {
		EngineOutcome outcome = engine().advance();
		forget(outcome);
		forward(outcome, context().currentSystemTimeMs());
	}

	/** Deletes from the store the candidates their key let go. */
	private void forget(EngineOutcome outcome) {
		for (EngineOutcome.Released released : outcome.released()) {
			store().delete(storeKey(CandidateKey.encode(released.rule().ruleId(), released.key()), released.eventId()));
		}
	}

	private void forward(EngineOutcome outcome, long timestamp) {
		for (Detection detection : outcome.detections()) {
			context().forward(new Record<>(detection.id(), alerts.write(detection), timestamp));
		}
	}

	/**
	 * The candidate as the engine reads it; null (logged) for one that cannot be read.
	 */
	private @Nullable EngineEvent read(CandidateRecords.Stored candidate) {
		EventReader.Reading reading;
		try {
			reading = reader.read(reader.extractor().extract(json.readTree(candidate.source())), candidate.source(),
					candidate.eventId(), candidate.index(), Instant.ofEpochMilli(candidate.ingested()));
		}
		catch (RuntimeException ex) {
			log.error("Candidate [{}] cannot be read and is skipped: {}", candidate.eventId(), ex.getMessage());
			return null;
		}
		if (reading.event() == null) {
			log.error("Candidate [{}] cannot be evaluated and is skipped: {}", candidate.eventId(), reading.reason());
			return null;
		}
		// under the identity it was forwarded with: the ingest tier gives one of its own
		// to an event claiming another's
		return reading.event().identified(candidate.eventId()).arrived(candidate.arrival());
	}

	/**
	 * A candidate's key in the store: its record key and its event id, both of which may
	 * hold any character, so the record key's length comes first.
	 */
	static String storeKey(String candidateKey, String eventId) {
		return candidateKey.length() + ":" + candidateKey + eventId;
	}

	static String candidateKeyOf(String storeKey) {
		int colon = storeKey.indexOf(':');
		int length = Integer.parseInt(storeKey, 0, colon, 10);
		return storeKey.substring(colon + 1, colon + 1 + length);
	}

	/** The keys this candidate is evaluated for: the one it was forwarded for. */
	private static KeyScope scope(String candidateKey) {
		String ruleId = CandidateKey.ruleId(candidateKey);
		return key -> CandidateKey.encode(ruleId, key).equals(candidateKey);
	}

	/** A rule's state in this task; empty before the task is initialised. */
	Optional<RuleState> stats(String ruleId) {
		DetectionEngine current = engine;
		return current == null ? Optional.empty() : current.stats(ruleId);
	}

	/** Candidates this task retains, for the state size metric. */
	long retained() {
		KeyValueStore<String, byte[]> current = store;
		return current == null ? 0 : current.approximateNumEntries();
	}

	@Override
	public void close() {
		if (punctuation != null) {
			punctuation.cancel();
		}
		engines.closed(this);
	}

	private DetectionEngine engine() {
		return Objects.requireNonNull(engine, "not initialised");
	}

	private ProcessorContext<String, byte[]> context() {
		return Objects.requireNonNull(context, "not initialised");
	}

	private KeyValueStore<String, byte[]> store() {
		return Objects.requireNonNull(store, "not initialised");
	}

}
