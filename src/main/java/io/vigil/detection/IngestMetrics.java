package io.vigil.detection;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.engine.Detection;

/** What ingest counts, for {@code /actuator/prometheus}. */
public final class IngestMetrics {

	private final MeterRegistry registry;

	private final Counter received;

	private final Counter accepted;

	private final Counter rejected;

	private final Counter duplicates;

	private final Counter late;

	private final Counter future;

	private final Counter conflicts;

	private final Counter keysCapped;

	private final DistributionSummary batchSize;

	private final Timer latency;

	public IngestMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.received = events("received", "Events received");
		this.accepted = events("accepted", "Events evaluated");
		this.rejected = events("rejected", "Events that could not be evaluated");
		this.duplicates = events("duplicate", "Events ingested before, which changed nothing");
		this.late = Counter.builder("vigil.events.late")
			.description("Events too old, by their join key's clock, to start or extend a sequence")
			.register(registry);
		this.future = Counter.builder("vigil.events.future")
			.description("Events dated beyond the service's clock plus detection.max-future-skew: clocks running ahead")
			.register(registry);
		this.conflicts = Counter.builder("vigil.events.conflicting")
			.description("Events that claimed the id of a held event with other content or index: "
					+ "evaluated as events of their own")
			.register(registry);
		this.keysCapped = Counter.builder("vigil.events.keys.capped")
			.description("Events whose multi-valued join-key fields gave a rule more keys than one event may have: "
					+ "they joined under the first ones only")
			.register(registry);
		this.batchSize = DistributionSummary.builder("vigil.ingest.batch.size")
			.description("Events per ingested batch")
			.register(registry);
		this.latency = Timer.builder("vigil.ingest.latency")
			.description("From receipt of a batch to the commit of what it produced")
			.publishPercentileHistogram()
			.register(registry);
	}

	private Counter events(String outcome, String description) {
		return Counter.builder("vigil.events").tag("outcome", outcome).description(description).register(registry);
	}

	/**
	 * Counts one batch.
	 * @param size events received
	 * @param created alerts it stored
	 */
	public void batch(int size, IngestResult result, List<Detection> created, long nanos) {
		received.increment(size);
		accepted.increment(result.accepted());
		rejected.increment(result.rejected());
		duplicates.increment(result.duplicates());
		late.increment(result.late());
		future.increment(result.future());
		batchSize.record(size);
		latency.record(nanos, TimeUnit.NANOSECONDS);
		alerts(created);
	}

	public void conflicts(int count) {
		conflicts.increment(count);
	}

	public void keysCapped(int count) {
		keysCapped.increment(count);
	}

	void alerts(List<Detection> created) {
		for (Detection detection : created) {
			Counter.builder("vigil.alerts.stored")
				.description("Alerts stored, by rule")
				.tag("rule_id", detection.rule().ruleId())
				.register(registry)
				.increment();
		}
	}

}
