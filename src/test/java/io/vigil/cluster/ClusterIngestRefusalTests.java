package io.vigil.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.vigil.VigilApplication;
import io.vigil.support.H2Settings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ingest instance whose broker cannot be reached, and a correlation-only instance,
 * take no events: both answer 503 with Retry-After, in the envelope of the endpoint, so
 * the shipper sends the batch again later.
 */
class ClusterIngestRefusalTests {

	/**
	 * A candidate of the seed rule: ingest must hand it to Kafka before it can accept it.
	 */
	private static final String EVENT = """
			{"@timestamp":"2024-05-14T08:00:00Z","event":{"category":["network"],"type":["start"],"id":"n1"},\
			"host":{"id":"h1","os":{"type":"windows"}},"network":{"direction":"incoming","protocol":"http"},\
			"source":{"ip":"10.29.188.187"},"destination":{"port":5985}}
			""";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void anIngestInstanceWithoutItsBrokerAsksForTheBatchAgain() throws Exception {
		try (ConfigurableApplicationContext instance = start("ingest")) {
			HttpResponse<String> events = post(instance, "/api/v1/events", EVENT);
			assertThat(events.statusCode()).isEqualTo(503);
			assertThat(events.headers().firstValue("Retry-After")).isPresent();
			assertThat(events.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(events.body()).contains("Kafka").contains("send it again");

			HttpResponse<String> bulk = post(instance, "/_bulk",
					"{\"create\":{\"_index\":\"logs-endpoint.events.network-default\"}}\n" + EVENT);
			assertThat(bulk.statusCode()).isEqualTo(503);
			assertThat(bulk.headers().firstValue("Retry-After")).isPresent();
			assertThat(bulk.body()).contains("\"type\":\"unavailable_shards_exception\"");
		}
	}

	@Test
	void aCorrelationOnlyInstanceSendsEventsElsewhere() throws Exception {
		try (ConfigurableApplicationContext instance = start("correlation")) {
			HttpResponse<String> events = post(instance, "/api/v1/events", EVENT);
			assertThat(events.statusCode()).isEqualTo(503);
			assertThat(events.body()).contains("correlation role only");
		}
	}

	private static ConfigurableApplicationContext start(String role) {
		return new SpringApplicationBuilder(VigilApplication.class).run("--server.port=0", "--cluster.enabled=true",
				"--cluster.role=" + role, "--cluster.consume-events=false",
				// nothing listens there; the producer gives up after max.block.ms
				"--spring.kafka.bootstrap-servers=127.0.0.1:1", "--spring.kafka.producer.properties.max.block.ms=2000",
				"--spring.kafka.admin.auto-create=false", "--spring.kafka.streams.auto-startup=false",
				"--spring.datasource.url=" + H2Settings.memoryUrl("refusal-" + role));
	}

	private HttpResponse<String> post(ConfigurableApplicationContext instance, String path, String body)
			throws Exception {
		int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/x-ndjson")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
