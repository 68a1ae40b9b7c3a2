package io.vigil.cluster;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.alerts.AlertStore;
import io.vigil.engine.Detection;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the alerts of the alerts topic in the shared database. Reads only committed records (what
 * correlation tasks produced in transactions that committed), stores each batch in one
 * transaction, and commits the offsets after it: a failure in between stores the batch again, and
 * the unique alert id makes that a no-op. Delivery to the database is at least once; its effect is
 * exactly once.
 */
final class AlertWriter {

	private final AlertRecords records;

	private final AlertStore store;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final Counter stored;

	AlertWriter(AlertRecords records, AlertStore store, TransactionTemplate transaction, Clock clock,
			MeterRegistry registry) {
		this.records = records;
		this.store = store;
		this.transaction = transaction;
		this.clock = clock;
		this.stored = Counter.builder("vigil.cluster.alerts.stored")
			.description("Alerts from the alerts topic stored in the database (an alert stored before is not counted)")
			.register(registry);
	}

	@KafkaListener(id = "vigil-alert-writer", topics = "${cluster.topics.alerts:vigil-alerts}", batch = "true")
	void write(List<ConsumerRecord<String, byte[]>> batch) {
		List<Detection> detections = batch.stream().map(record -> records.read(record.value())).toList();
		List<Detection> created = transaction.execute(status -> store.insert(detections, clock.instant()));
		stored.increment(created == null ? 0 : created.size());
	}

}
