package io.vigil.ingest;

import java.util.ArrayList;
import java.util.List;

import io.vigil.cluster.ClusterRole;
import io.vigil.cluster.ConditionalOnClusterRole;
import io.vigil.detection.EventIngestion;
import io.vigil.detection.IngestResult;
import io.vigil.engine.EventReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Events from the events topic, as Beats, Logstash, Fluent Bit and Vector produce them
 * (one ECS event as JSON per record): read with the same limits and evaluated by the same
 * ingest as events posted over HTTP. Offsets are committed after each batch is ingested,
 * so a failure ingests the batch again (which is safe) rather than losing it. An event
 * that cannot be read is logged with its record's position and counted, as a bulk request
 * reports it, and skipped: sending it again would not make it readable.
 */
@Component
@ConditionalOnClusterRole(ClusterRole.INGEST)
@ConditionalOnBooleanProperty(name = "cluster.consume-events", matchIfMissing = true)
class KafkaEventListener {

	private static final Logger log = LoggerFactory.getLogger(KafkaEventListener.class);

	private final EventBatchReader reader;

	private final EventIngestion ingestion;

	KafkaEventListener(EventBatchReader reader, EventIngestion ingestion) {
		this.reader = reader;
		this.ingestion = ingestion;
	}

	@KafkaListener(id = "vigil-ingest", topics = "${cluster.topics.events:vigil-events}", batch = "true")
	void ingest(List<ConsumerRecord<String, byte[]>> records) {
		EventBatchReader.Lines lines = reader.lines();
		List<EventReader.Reading> events = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			events.add(read(lines, record));
		}
		IngestResult result = ingestion.ingest(lines.batch(events));
		for (IngestResult.EventError error : result.errors()) {
			ConsumerRecord<String, byte[]> record = records.get(error.index());
			log.warn("Event at {}-{}@{} cannot be evaluated and is skipped: {}", record.topic(), record.partition(),
					record.offset(), error.reason());
		}
	}

	private static EventReader.Reading read(EventBatchReader.Lines lines, ConsumerRecord<String, byte[]> record) {
		byte[] value = record.value();
		if (value == null) {
			return EventReader.Reading.rejected("the record has no value");
		}
		try {
			return lines.read(value, 0, value.length, null, null);
		}
		catch (IngestException ex) {
			return EventReader.Reading.rejected(ex.getMessage());
		}
	}

}
