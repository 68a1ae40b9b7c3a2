package io.vigil.cluster;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.alerts.AlertInserter;
import io.vigil.detection.EventIngestion;
import io.vigil.detection.IngestUnavailableException;
import io.vigil.engine.DetectionEngine;
import io.vigil.rules.RuleCatalogue;
import org.apache.kafka.clients.admin.NewTopic;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/** The beans of clustered mode; none of them exists in the single-process mode. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("cluster.enabled")
	static class Topics {

		@Bean
		NewTopic eventsTopic(ClusterProperties properties) {
			return TopicBuilder.name(properties.topics().events())
				.partitions(properties.partitions())
				.replicas(properties.replicationFactor())
				.build();
		}

		@Bean
		NewTopic candidatesTopic(ClusterProperties properties) {
			return TopicBuilder.name(properties.topics().candidates())
				.partitions(properties.partitions())
				.replicas(properties.replicationFactor())
				.build();
		}

		@Bean
		NewTopic alertsTopic(ClusterProperties properties) {
			return TopicBuilder.name(properties.topics().alerts())
				.partitions(properties.partitions())
				.replicas(properties.replicationFactor())
				.build();
		}

		@Bean
		AlertRecords alertRecords(JsonMapper json, RuleCatalogue rules) {
			return new AlertRecords(json, rules);
		}

		/**
		 * A batch a listener fails on (the broker or the database is unreachable) is
		 * retried until it succeeds, never skipped: skipping would lose events or alerts.
		 */
		@Bean
		CommonErrorHandler retryUntilStored() {
			ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
			backOff.setMaxInterval(30_000);
			return new DefaultErrorHandler(backOff);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClusterRole(ClusterRole.INGEST)
	static class Ingest {

		@Bean
		EventIngestion clusterIngest(DetectionEngine engine, KafkaTemplate<String, byte[]> kafka, AlertRecords alerts,
				ClusterProperties properties, MeterRegistry registry) {
			return new ClusterIngest(engine, kafka, alerts, properties, registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClusterRole(ClusterRole.CORRELATION)
	static class Correlation {

		@Bean
		AlertTopicConsumer alertTopicConsumer(AlertRecords records, AlertInserter inserter,
				TransactionTemplate transaction, Clock clock, MeterRegistry registry) {
			return new AlertTopicConsumer(records, inserter, transaction, clock, registry);
		}

	}

	/** A correlation-only instance serves the alert API but takes no events. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("cluster.enabled")
	@ConditionalOnProperty(name = "cluster.role", havingValue = "correlation")
	static class CorrelationOnly {

		@Bean
		EventIngestion notIngesting() {
			return batch -> {
				throw new IngestUnavailableException(
						"This instance has the correlation role only; send events to an ingest instance");
			};
		}

	}

}
