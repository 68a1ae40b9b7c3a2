package io.vigil.ingest;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.cluster.ClusterRole;
import io.vigil.cluster.ConditionalOnClusterRole;
import io.vigil.detection.EventIngestion;
import io.vigil.detection.IncomingEvent;
import io.vigil.detection.IngestResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Events from the events topic, as Beats, Logstash, Fluent Bit and Vector produce them (one ECS
 * event as JSON per record): read with the same limits and evaluated by the same ingest as events
 * posted over HTTP. Offsets are committed after each batch is ingested, so a failure ingests the
 * batch again (which is safe) rather than losing it. An event that cannot be read is logged and
 * counted, as a bulk request reports it, and skipped: sending it again would not make it readable.
 */
@Component
@ConditionalOnClusterRole(ClusterRole.INGEST)
@ConditionalOnBooleanProperty(name = "cluster.consume-events", matchIfMissing = true)
class KafkaEventListener {

	private static final Logger log = LoggerFactory.getLogger(KafkaEventListener.class);

	private final EventBatchReader reader;

	private final EventIngestion ingestion;

	private final Counter unreadable;

	KafkaEventListener(EventBatchReader reader, EventIngestion ingestion, MeterRegistry registry) {
		this.reader = reader;
		this.ingestion = ingestion;
		this.unreadable = Counter.builder("vigil.events")
			.tag("outcome", "rejected")
			.description("Events that could not be evaluated")
			.register(registry);
	}

	@KafkaListener(id = "vigil-ingest", topics = "${cluster.topics.events:vigil-events}", batch = "true")
	void ingest(List<ConsumerRecord<String, byte[]>> records) {
		List<IncomingEvent> events = new ArrayList<>(records.size());
		EventBatchReader.Lines lines = reader.lines();
		for (ConsumerRecord<String, byte[]> record : records) {
			EventBatchReader.Reading reading = read(lines, record);
			if (reading != null && reading.event() != null) {
				events.add(reading.event());
			}
			else {
				unreadable.increment();
				log.warn("Event at {}-{}@{} cannot be read and is skipped: {}", record.topic(), record.partition(),
						record.offset(), reading == null ? "it has no value" : reading.reason());
			}
		}
		IngestResult result = ingestion.ingest(events);
		result.errors()
			.forEach(error -> log.warn("Event from {} cannot be evaluated and is skipped: {}", records.getFirst().topic(),
					error.reason()));
	}

	private static EventBatchReader.@Nullable Reading read(EventBatchReader.Lines lines,
			ConsumerRecord<String, byte[]> record) {
		byte[] value = record.value();
		if (value == null) {
			return null;
		}
		try {
			return lines.read(value, 0, value.length, null, null);
		}
		catch (IngestException ex) {
			return new EventBatchReader.Reading(null, ex.getMessage());
		}
	}

}
