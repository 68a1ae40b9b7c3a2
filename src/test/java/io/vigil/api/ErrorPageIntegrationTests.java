package io.vigil.api;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.vigil.support.Http;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors raised before or outside the controllers get the caller's format and leave no
 * stack trace.
 */
@VigilIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ErrorPageIntegrationTests {

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health?x=%C0%AF", "/actuator/health?x=%zz", "/api/v1/alerts?status=%zz" })
	void anUndecodableQueryStringIsA400ProblemWithoutAStackTrace(String path, CapturedOutput output)
			throws IOException {
		String response = rawGet(path);
		assertThat(response).startsWith("HTTP/1.1 400")
			.contains("Content-Type: application/problem+json")
			.contains("\"detail\":\"The query string cannot be decoded");
		assertThat(output.getOut()).doesNotContain("InvalidParameterException").doesNotContain(" ERROR ");
	}

	@Test
	void onTheCompatibleEndpointsItIsElasticsearchsEnvelope() throws IOException {
		assertThat(rawGet("/_cluster/health?x=%zz")).startsWith("HTTP/1.1 400")
			.contains("\"type\":\"illegal_argument_exception\"")
			.contains("\"status\":400");
	}

	/**
	 * A request no well-behaved client library would send, as a hostile client writes it.
	 */
	private String rawGet(String path) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void whatTheContainerRefusesBeforeAnyFilterIsInTheCallersFormatToo() throws IOException {
		assertThat(rawGet("/api/v1/alerts/%5C")).startsWith("HTTP/1.1 400")
			.contains("Content-Type: application/problem+json")
			.contains("\"status\":400");
		assertThat(rawGet("/_bulk/%5C")).startsWith("HTTP/1.1 400").contains("\"type\":\"illegal_argument_exception\"");
		// a request line too long to read has no path to tell the format by: the
		// compatible one, still JSON
		assertThat(rawGet("/api/v1/alerts?q=" + "x".repeat(20_000))).startsWith("HTTP/1.1 400")
			.contains("Content-Type: application/json")
			.contains("\"status\":400");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/rules?stauts=loaded", "/api/v1/attack/coverage?form=2024-01-01T00:00:00Z",
			"/api/v1/alerts/x?fromat=kibana" })
	void anUndeclaredQueryParameterOnTheApiIsRefusedNamingIt(String path) {
		Http.Response response = new Http(port).get(path);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).startsWith("Unknown query parameter(s) [");
	}

	@Test
	void declaredParametersAndTheCompatibleEndpointsParametersAreTaken() {
		Http http = new Http(port);
		assertThat(http.get("/api/v1/rules?status=loaded").status()).isEqualTo(200);
		assertThat(http.get("/api/v1/attack/coverage?from=2024-01-01T00:00:00Z").status()).isEqualTo(200);
		assertThat(http.get("/_cluster/health?timeout=30s&pretty").status()).isEqualTo(200);
	}

	@Test
	void errorAskedForDirectlyIsNotFound() {
		Http.Response response = new Http(port).get("/error");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(404);
	}

}
