package io.vigil.support;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The team's shared reference material ({@code ../shared}): present on developer machines
 * and in CI, absent in a bare clone. Tests that need it skip with a notice, unless
 * {@code -Dvigil.shared.required=true} (set by {@code .ci/run}) makes its absence a
 * failure.
 */
public final class SharedFiles {

	private static final Path ROOT = Path.of(System.getProperty("vigil.shared.dir", "../shared"));

	private SharedFiles() {
	}

	/** The EQL rule corpus from Elastic's detection-rules repository. */
	public static Path corpus() {
		return require(ROOT.resolve("corpus/detection-rules-eql"));
	}

	/** Sample events for the seed rule. */
	public static Path samples() {
		return require(ROOT.resolve("samples"));
	}

	private static Path require(Path path) {
		if (!Files.isDirectory(path)) {
			String notice = "Shared reference material not found at " + path.toAbsolutePath().normalize();
			if (Boolean.getBoolean("vigil.shared.required")) {
				fail(notice + " (required: -Dvigil.shared.required=true)");
			}
			System.err.println("NOTICE: " + notice + "; skipping");
			assumeTrue(false, notice);
		}
		return path;
	}

}
