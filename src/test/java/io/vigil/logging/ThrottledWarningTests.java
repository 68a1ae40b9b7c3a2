package io.vigil.logging;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ThrottledWarningTests {

	@Test
	void aFloodIsOneLinePerIntervalWhichCountsWhatItHeldBack(CapturedOutput output) throws Exception {
		ThrottledWarning warning = new ThrottledWarning(LoggerFactory.getLogger(ThrottledWarningTests.class),
				Duration.ofMillis(300));
		for (int i = 0; i < 20; i++) {
			warning.warn("event {} of {}", i, "host-a");
		}
		Thread.sleep(400);
		warning.warn("event {} of {}", 20, "host-a");

		List<String> lines = output.getOut().lines().filter(line -> line.contains("of host-a")).toList();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0)).contains("WARN").endsWith("event 0 of host-a");
		assertThat(lines.get(1)).endsWith("event 20 of host-a (and 19 more since the last report)");
	}

}
