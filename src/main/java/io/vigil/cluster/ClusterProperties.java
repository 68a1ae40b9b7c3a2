package io.vigil.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Clustered mode ({@code cluster.*}). Brokers and client settings are Spring Boot's
 * {@code spring.kafka.*}.
 *
 * @param enabled run as part of a cluster instead of alone
 * @param role what this instance does
 * @param partitions partitions of the candidates topic: the most correlation instances
 * that can share the work
 * @param replicationFactor replicas of the topics this service creates
 * @param sendTimeout how long ingest waits for the broker to acknowledge a batch before
 * answering 503
 * @param consumeEvents whether ingest instances read the events topic (besides HTTP)
 */
@ConfigurationProperties("cluster")
public record ClusterProperties(@DefaultValue("false") boolean enabled, @DefaultValue("both") ClusterRole role,
		@DefaultValue Topics topics, @DefaultValue("12") int partitions, @DefaultValue("1") short replicationFactor,
		@DefaultValue("30s") Duration sendTimeout, @DefaultValue("true") boolean consumeEvents) {

	/**
	 * @param events raw ECS events as shippers produce them (JSON values)
	 * @param candidates events forwarded for sequence and sample rules, keyed by rule and
	 * join key
	 * @param alerts alerts as JSON, keyed by alert id: what the database stores, for SOAR
	 * tools on Kafka
	 */
	public record Topics(@DefaultValue("vigil-events") String events,
			@DefaultValue("vigil-candidates") String candidates, @DefaultValue("vigil-alerts") String alerts) {
	}

}
