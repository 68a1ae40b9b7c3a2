package io.vigil.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden-file comparison: the expected text lives next to the test data and is reviewed
 * like code. Run with {@code -Dvigil.baselines.update=true} to rewrite baselines after a
 * deliberate change, then review the diff.
 */
public final class Baseline {

	private Baseline() {
	}

	public static void assertMatches(Path baseline, String actual) {
		try {
			if (Boolean.getBoolean("vigil.baselines.update")) {
				Files.writeString(baseline, actual, StandardCharsets.UTF_8);
			}
			assertThat(baseline).as("baseline %s (create it with -Dvigil.baselines.update=true)", baseline).exists();
			assertThat(actual).as("output compared with %s", baseline)
				.isEqualTo(Files.readString(baseline, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
