package io.vigil.cluster;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.alerts.AlertInserter;
import io.vigil.engine.Detection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the alerts of the alerts topic in the shared database. Reads only committed
 * records (what correlation tasks produced in transactions that committed), stores each
 * batch in one transaction, and commits the offsets after it: a failure in between stores
 * the batch again, and the unique alert id makes that a no-op. Delivery to the database
 * is at least once; its effect is exactly once.
 */
final class AlertTopicConsumer {

	private static final Logger log = LoggerFactory.getLogger(AlertTopicConsumer.class);

	private final AlertRecords records;

	private final AlertInserter alerts;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final Counter stored;

	private final Counter unreadable;

	AlertTopicConsumer(AlertRecords records, AlertInserter alerts, TransactionTemplate transaction, Clock clock,
			MeterRegistry registry) {
		this.records = records;
		this.alerts = alerts;
		this.transaction = transaction;
		this.clock = clock;
		this.stored = Counter.builder("vigil.cluster.alerts.stored")
			.description("Alerts from the alerts topic stored in the database (an alert stored before is not counted)")
			.register(registry);
		this.unreadable = Counter.builder("vigil.cluster.alerts.unreadable")
			.description("Records of the alerts topic that are not alerts this service wrote, skipped")
			.register(registry);
	}

	/**
	 * Stores a batch. A record that is not an alert (another producer wrote to the topic)
	 * is logged, counted and skipped: reading it again would not help. An alert of a rule
	 * this instance has not loaded fails the batch, which is retried until the rule is
	 * deployed.
	 */
	@KafkaListener(id = "vigil-alert-writer", topics = "${cluster.topics.alerts:vigil-alerts}", batch = "true")
	void write(List<ConsumerRecord<String, byte @Nullable []>> batch) {
		List<Detection> detections = new ArrayList<>(batch.size());
		for (ConsumerRecord<String, byte @Nullable []> record : batch) {
			try {
				detections.add(records.read(record.value()));
			}
			catch (IllegalArgumentException ex) {
				unreadable.increment();
				log.error("Record {}-{}@{} of the alerts topic is skipped: {}", record.topic(), record.partition(),
						record.offset(), ex.getMessage());
			}
		}
		List<Detection> created = transaction.execute(status -> alerts.insert(detections, clock.instant()));
		stored.increment(created == null ? 0 : created.size());
	}

}
