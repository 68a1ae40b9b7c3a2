package io.vigil.cluster;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.engine.EngineSettings;
import io.vigil.engine.EventReader;
import io.vigil.rules.RuleCatalogue;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * The correlation tier: a Kafka Streams topology from the candidates topic, through one
 * {@link CorrelationProcessor} per partition and its changelogged store, to the alerts
 * topic. Exactly-once processing ({@code processing.guarantee=exactly_once_v2}) is set in
 * the application's properties.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
@ConditionalOnClusterRole(ClusterRole.CORRELATION)
class CorrelationTopology {

	static final String STORE = "vigil-correlation-candidates";

	private static final Logger log = LoggerFactory.getLogger(CorrelationTopology.class);

	@Bean
	CorrelationEngines correlationEngines(RuleCatalogue rules, EngineSettings settings, Clock clock,
			MeterRegistry registry) {
		return new CorrelationEngines(rules, settings, clock, registry);
	}

	@Bean
	KStream<String, byte[]> candidateStream(StreamsBuilder builder, ClusterProperties properties,
			CorrelationEngines engines, EventReader reader, AlertRecords alerts, JsonMapper json,
			@Value("${detection.tick:5s}") Duration tick) {
		// in memory, changelogged: the engine holds every candidate in memory anyway, and
		// the changelog
		// is what moves the state with its partition
		builder.addStateStore(
				Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()));
		KStream<String, byte[]> candidates = builder.stream(properties.topics().candidates(),
				Consumed.with(Serdes.String(), Serdes.ByteArray()));
		candidates.process(() -> new CorrelationProcessor(engines, reader, alerts, json, tick), STORE)
			.to(properties.topics().alerts(), Produced.with(Serdes.String(), Serdes.ByteArray()));
		return candidates;
	}

	/**
	 * Rebalances (a correlation instance joined, left or died) and the state this
	 * instance holds.
	 */
	@Bean
	StreamsBuilderFactoryBeanConfigurer correlationSignals(MeterRegistry registry, CorrelationEngines engines) {
		Counter rebalances = Counter.builder("vigil.cluster.rebalances")
			.description("Times the correlation tier redistributed candidate partitions among its instances")
			.register(registry);
		Gauge.builder("vigil.cluster.state.retained", engines, CorrelationEngines::retained)
			.description("Candidates retained by the correlation tasks of this instance")
			.register(registry);
		Gauge.builder("vigil.cluster.tasks", engines, CorrelationEngines::tasks)
			.description("Correlation tasks (candidate partitions) this instance runs")
			.register(registry);
		Gauge.builder("vigil.cluster.keys.ahead", engines, CorrelationEngines::keysAhead)
			.description("Join keys of this instance's tasks holding an event dated beyond the service's clock plus "
					+ "detection.max-future-skew: hosts whose clock runs ahead")
			.register(registry);
		return factory -> {
			factory.setStateListener((now, before) -> {
				if (now == KafkaStreams.State.REBALANCING && before != KafkaStreams.State.REBALANCING) {
					rebalances.increment();
				}
			});
			// a task that failed is rebuilt from its store on a fresh thread; its
			// transaction was aborted
			factory.setStreamsUncaughtExceptionHandler(ex -> {
				log.error("A correlation thread failed; replacing it", ex);
				return StreamThreadExceptionResponse.REPLACE_THREAD;
			});
		};
	}

	/**
	 * Whether this instance's correlation tasks run: DOWN once Kafka Streams has stopped
	 * or failed.
	 */
	@Bean
	HealthIndicator correlation(StreamsBuilderFactoryBean streams, CorrelationEngines engines) {
		return () -> {
			KafkaStreams kafkaStreams = streams.getKafkaStreams();
			KafkaStreams.State state = kafkaStreams == null ? KafkaStreams.State.CREATED : kafkaStreams.state();
			Health.Builder health = state.isRunningOrRebalancing() || state == KafkaStreams.State.CREATED ? Health.up()
					: Health.down();
			return health.withDetail("state", state.name()).withDetail("tasks", engines.tasks()).build();
		};
	}

}
