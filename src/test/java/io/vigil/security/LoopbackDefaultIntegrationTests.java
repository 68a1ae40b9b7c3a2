package io.vigil.security;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import io.vigil.support.Http;
import io.vigil.support.SeedAttack;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With no key configured, this machine is served with every role and every other client
 * is refused, and so is a web page of another site open in a browser on this machine.
 */
@VigilIntegrationTest
class LoopbackDefaultIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void loopbackClientsNeedNoKey() {
		Http http = new Http(port);
		assertThat(http.get("/api/v1/alerts").status()).isEqualTo(200);
		assertThat(http.get("/api/v1/alerts", "Authorization", "ApiKey c2hpcHBlcjpzZWNyZXQ=").status())
			.as("a shipper configured with a key, before the service has any")
			.isEqualTo(200);
		assertThat(http.get("/actuator/prometheus").status()).isEqualTo(200);
		assertThat(http.post("/api/v1/rules/_validate", "application/json", "{\"query\": \"process where true\"}")
			.status()).isEqualTo(200);
	}

	@Test
	void aWebPageOfAnotherSiteCannotActForThisMachine() {
		Http http = new Http(port);
		int alerts = http.get("/api/v1/alerts").json().get("alerts").size();
		String attack = SeedAttack.pair("cross-site", "cross-site", Instant.now());
		// what fetch(url, {method: "POST", mode: "no-cors", body}) on http://evil.example
		// sends: no preflight
		Http.Response events = http.post("/api/v1/events", attack.getBytes(StandardCharsets.UTF_8), "Content-Type",
				"text/plain;charset=UTF-8", "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site");
		assertThat(events.status()).isEqualTo(403);
		assertThat(events.contentType()).startsWith("application/problem+json");
		assertThat(events.json().get("detail").asString()).contains("from another site (Sec-Fetch-Site [cross-site])");
		// a browser that sends Origin only, and a page on another port of this machine
		assertThat(http
			.post("/api/v1/alerts/_status", "{\"query\": {}, \"status\": \"closed\"}".getBytes(StandardCharsets.UTF_8),
					"Content-Type", "text/plain", "Origin", "http://evil.example")
			.status()).isEqualTo(403);
		assertThat(http
			.post("/api/v1/events", attack.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain", "Origin",
					"http://localhost:1", "Sec-Fetch-Site", "same-site")
			.status()).isEqualTo(403);
		Http.Response bulk = http.post("/_bulk", "{\"create\":{}}\n{}\n".getBytes(StandardCharsets.UTF_8),
				"Content-Type", "application/x-ndjson", "Origin", "null");
		assertThat(bulk.status()).isEqualTo(403);
		assertThat(bulk.body()).contains("security_exception");
		assertThat(http.get("/api/v1/alerts").json().get("alerts").size()).isEqualTo(alerts);
		// Swagger UI, served by the service itself, is same-origin
		assertThat(http
			.post("/api/v1/events", attack.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/x-ndjson",
					"Origin", "http://localhost:" + port, "Sec-Fetch-Site", "same-origin")
			.json()
			.get("alerts_created")
			.asInt()).isEqualTo(1);
	}

	@Test
	void otherClientsAreRefusedButHealthStaysOpen() throws Exception {
		Optional<InetAddress> address = nonLoopbackAddress();
		if (address.isEmpty()) {
			System.err
				.println("NOTICE: this machine has no non-loopback IPv4 address; skipping the remote-client check");
		}
		assumeTrue(address.isPresent(), "no non-loopback IPv4 address");
		String base = "http://" + address.get().getHostAddress() + ":" + port;
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<String> alerts = client.send(
					HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(alerts.statusCode()).isEqualTo(401);
			assertThat(alerts.headers().firstValue("Content-Type"))
				.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			assertThat(alerts.body()).contains("No API keys are configured");
			HttpResponse<String> bulk = client.send(HttpRequest.newBuilder(URI.create(base + "/_bulk"))
				.POST(HttpRequest.BodyPublishers.ofString("{\"create\":{}}\n{}\n"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(bulk.statusCode()).isEqualTo(401);
			assertThat(bulk.body()).contains("security_exception");
			HttpResponse<String> health = client.send(
					HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode()).isEqualTo(200);
		}
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter(LoopbackDefaultIntegrationTests::isUp)
			.flatMap(NetworkInterface::inetAddresses)
			.filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress()
					&& !address.isLinkLocalAddress())
			.findFirst();
	}

	private static boolean isUp(NetworkInterface network) {
		try {
			return network.isUp() && !network.isLoopback();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
