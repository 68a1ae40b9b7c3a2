package io.vigil.security;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import io.vigil.support.Http;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** With no key configured, this machine is served with every role and every other client is refused. */
@VigilIntegrationTest
class LoopbackDefaultIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void loopbackClientsNeedNoKey() {
		Http http = new Http(port);
		assertThat(http.get("/api/v1/alerts").status()).isEqualTo(200);
		assertThat(http.get("/api/v1/alerts", "Authorization", "ApiKey c2hpcHBlcjpzZWNyZXQ=").status())
			.as("a shipper configured with a key, before the service has any").isEqualTo(200);
		assertThat(http.get("/actuator/prometheus").status()).isEqualTo(200);
		assertThat(http.post("/api/v1/rules/_validate", "application/json", "{\"query\": \"process where true\"}")
			.status()).isEqualTo(200);
	}

	@Test
	void otherClientsAreRefusedButHealthStaysOpen() throws Exception {
		Optional<InetAddress> address = nonLoopbackAddress();
		if (address.isEmpty()) {
			System.err.println("NOTICE: this machine has no non-loopback IPv4 address; skipping the remote-client check");
		}
		assumeTrue(address.isPresent(), "no non-loopback IPv4 address");
		String base = "http://" + address.get().getHostAddress() + ":" + port;
		try (HttpClient client = HttpClient.newHttpClient()) {
			HttpResponse<String> alerts = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(alerts.statusCode()).isEqualTo(401);
			assertThat(alerts.headers().firstValue("Content-Type")).hasValueSatisfying(
					type -> assertThat(type).startsWith("application/problem+json"));
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
