package io.vigil.security;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class FailureLogTests {

	@Test
	void aFailureIsLoggedWithAddressAndReasonAndAFloodAsOneLinePerInterval(CapturedOutput output) throws Exception {
		SecurityErrors.FailureLog failures = new SecurityErrors.FailureLog(Duration.ofMillis(300));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/alerts");
		request.setRemoteAddr("192.0.2.7");
		request.addHeader("Authorization", "Bearer not-the-secret-1234");
		for (int i = 0; i < 50; i++) {
			failures.failed(request, "Unknown API key");
		}
		Thread.sleep(400);
		failures.failed(request, "Unknown API key");
		List<String> lines = output.getOut().lines().filter(line -> line.contains("Authentication failed")).toList();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0))
			.endsWith("Authentication failed for GET /api/v1/alerts from 192.0.2.7: Unknown API key");
		assertThat(lines.get(1)).endsWith("Unknown API key (and 49 more since the last report)");
		assertThat(output.getOut()).doesNotContain("not-the-secret");
	}

}
