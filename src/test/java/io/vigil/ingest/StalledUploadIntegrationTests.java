package io.vigil.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.vigil.support.Http;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that announce a body and stall cannot take the turn of others: a body holds
 * only the bytes it sent from the ingest budget, and one that does not arrive in time is
 * refused with 408.
 */
@VigilIntegrationTest(properties = { VigilIntegrationTest.DATABASE, "ingest.max-concurrent-batches=2",
		"ingest.body-read-timeout=1s" })
class StalledUploadIntegrationTests {

	private static final String EVENT = """
			{"@timestamp":"2024-05-14T08:00:00Z","event":{"category":["process"]}}
			""";

	@LocalServerPort
	int port;

	@Test
	void stalledUploadsDoNotBlockOtherClients() throws Exception {
		List<Socket> stalled = new ArrayList<>();
		try {
			for (int i = 0; i < 16; i++) {
				Socket socket = new Socket("127.0.0.1", port);
				OutputStream out = socket.getOutputStream();
				out.write(("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
						+ "Content-Length: 1000000\r\n\r\n{\"@timestamp\":\"20")
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				stalled.add(socket);
			}
			Thread.sleep(200);
			Http.Response response = new Http(port).post("/api/v1/events", "application/x-ndjson", EVENT);
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			assertThat(response.json().get("accepted").asInt()).isEqualTo(1);
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
	}

	@Test
	void aBodyStillArrivingAfterTheTimeoutIsRefusedWith408() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			OutputStream out = socket.getOutputStream();
			byte[] body = EVENT.getBytes(StandardCharsets.UTF_8);
			out.write(("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\n"
					+ "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, 10);
			out.flush();
			Thread.sleep(1500);
			out.write(body, 10, body.length - 10);
			out.flush();
			String answer = readAll(socket.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 408")
				.contains("the request body did not arrive within ingest.body-read-timeout (PT1S)");
		}
	}

	private static String readAll(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.UTF_8);
	}

}
