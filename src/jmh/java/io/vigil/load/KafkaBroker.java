package io.vigil.load;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A one-node KRaft broker for the clustered load benchmark, until the process is stopped; it prints
 * its address, which the benchmark takes as {@code kafka=}. The same embedded broker the tests use:
 * no Kafka installation is needed.
 */
public final class KafkaBroker {

	private KafkaBroker() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr",
				"1", "group.initial.rebalance.delay.ms", "0"));
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
		System.out.println("Kafka broker ready at " + broker.getBrokersAsString());
		Thread.currentThread().join();
	}

}
