package io.vigil.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.detection.DetectionService;
import io.vigil.detection.EventBatch;
import io.vigil.detection.EventIngestion;
import io.vigil.detection.IngestMetrics;
import io.vigil.detection.IngestResult;
import io.vigil.detection.IngestUnavailableException;
import io.vigil.engine.Candidate;
import io.vigil.engine.Detection;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineEvent;
import io.vigil.logging.ThrottledWarning;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * The ingest tier: evaluates single-event rules and publishes their alerts, and forwards
 * to the candidates topic each event that can take part in a sequence or sample, once per
 * rule and join key. Keeps no state. A batch is acknowledged once the broker has
 * acknowledged every record it produced (acks=all); otherwise nothing of it counts and
 * the sender sends it again.
 * <p>
 * Sending again is safe: downstream, a correlation task ignores a candidate it holds
 * already (same rule, key, identity and bytes), and the database stores an alert id once.
 * The ingest tier therefore does not tell duplicates or late events apart; the
 * correlation tier does, per partition.
 */
final class ClusterIngest implements EventIngestion {

	private static final Logger log = LoggerFactory.getLogger(ClusterIngest.class);

	private final DetectionEngine engine;

	private final KafkaTemplate<String, byte[]> kafka;

	private final AlertRecords alerts;

	private final ClusterProperties properties;

	private final IngestMetrics metrics;

	private final MeterRegistry registry;

	private final AtomicLong arrivals = new AtomicLong();

	private final ThrottledWarning keysCapped = new ThrottledWarning(log, Duration.ofSeconds(10));

	private final ThrottledWarning conflicts = new ThrottledWarning(log, Duration.ofSeconds(10));

	ClusterIngest(DetectionEngine engine, KafkaTemplate<String, byte[]> kafka, AlertRecords alerts,
			ClusterProperties properties, MeterRegistry registry) {
		this.engine = engine;
		this.kafka = kafka;
		this.alerts = alerts;
		this.properties = properties;
		this.registry = registry;
		this.metrics = new IngestMetrics(registry);
	}

	@Override
	public IngestResult ingest(EventBatch batch) {
		long started = System.nanoTime();
		DetectionEngine.Forwarded forwarded = engine.forward(batch.arrive(arrivals));
		publish(forwarded);
		forwarded.candidates()
			.forEach(candidate -> Counter.builder("vigil.cluster.candidates.forwarded")
				.description("Events forwarded to the candidates topic, by rule")
				.tag("rule_id", candidate.rule().ruleId())
				.register(registry)
				.increment());
		IngestResult result = batch.answer(0, 0, forwarded.future(), forwarded.detections().size(),
				j -> IngestResult.Status.ACCEPTED);
		metrics.batch(batch.size(), result, List.of(), System.nanoTime() - started);
		if (!forwarded.conflictingIds().isEmpty()) {
			metrics.conflicts(forwarded.conflictingIds().size());
			conflicts.warn(DetectionService.CONFLICTS, forwarded.conflictingIds().size(),
					forwarded.conflictingIds().stream().limit(10).toList());
		}
		if (!forwarded.keysCapped().isEmpty()) {
			metrics.keysCapped(forwarded.keysCapped().size());
			keysCapped.warn(DetectionService.KEYS_CAPPED, forwarded.keysCapped().size(),
					forwarded.keysCapped().stream().limit(10).toList());
		}
		return result;
	}

	/**
	 * Sends the candidates and alerts, and returns once the broker has acknowledged them
	 * all.
	 */
	private void publish(DetectionEngine.Forwarded forwarded) {
		List<CompletableFuture<?>> sent = new ArrayList<>();
		try {
			for (Candidate candidate : forwarded.candidates()) {
				EngineEvent event = candidate.event();
				ProducerRecord<String, byte[]> record = new ProducerRecord<>(properties.topics().candidates(),
						CandidateKey.encode(candidate.rule().ruleId(), candidate.key()), event.source());
				CandidateRecords.write(record.headers(), event.id(), event.timestamp(), event.ingested(),
						event.index());
				sent.add(kafka.send(record));
			}
			for (Detection detection : forwarded.detections()) {
				sent.add(kafka.send(properties.topics().alerts(), detection.id(), alerts.write(detection)));
			}
		}
		catch (KafkaException | org.springframework.kafka.KafkaException ex) {
			throw new IngestUnavailableException(
					"Kafka cannot be reached; nothing of the batch counts as ingested, send it again", ex);
		}
		awaitAcknowledgements(sent);
	}

	private void awaitAcknowledgements(List<CompletableFuture<?>> sent) {
		try {
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
				.get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IngestUnavailableException(
					"Kafka did not acknowledge the batch; nothing of it counts as ingested, send it again", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IngestUnavailableException("Interrupted while waiting for Kafka; send the batch again", ex);
		}
	}

}
