package io.vigil.ingest;

import io.vigil.support.Http;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no batch allowed in flight, every ingest is refused at once with 429 and
 * Retry-After.
 */
@VigilIntegrationTest(properties = { VigilIntegrationTest.DATABASE, "ingest.max-concurrent-batches=0" })
class BackpressureIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void overloadIs429WithRetryAfterOnBothApis() {
		Http http = new Http(port);
		Http.Response events = http.post("/api/v1/events", "application/json",
				"{\"@timestamp\":\"2024-01-01T00:00:00Z\"}");
		assertThat(events.status()).isEqualTo(429);
		assertThat(events.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(events.contentType()).startsWith("application/problem+json");
		assertThat(events.json().get("detail").asString()).contains("ingest.max-concurrent-batches");

		Http.Response bulk = http.post("/_bulk", "application/x-ndjson",
				"{\"create\":{}}\n{\"@timestamp\":\"2024-01-01T00:00:00Z\"}\n");
		assertThat(bulk.status()).isEqualTo(429);
		assertThat(bulk.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(bulk.json().get("error").get("type").asString()).isEqualTo("es_rejected_execution_exception");
	}

}
