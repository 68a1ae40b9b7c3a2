package io.vigil.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * H2 URLs with the settings of the service's own default ({@code vigil.h2-settings} in
 * {@code application.properties}), for tests and benchmarks that name a database
 * themselves: the settings are written once, where the service reads them.
 */
public final class H2Settings {

	private static final String SETTINGS = load();

	private H2Settings() {
	}

	/** The database the service would keep in {@code directory} as its data directory. */
	public static String fileUrl(Path directory) {
		return "jdbc:h2:file:" + directory.resolve("vigil") + ";" + SETTINGS;
	}

	/** An in-memory database that lives until the JVM ends. */
	public static String memoryUrl(String name) {
		return "jdbc:h2:mem:" + name + ";" + SETTINGS + ";DB_CLOSE_DELAY=-1";
	}

	private static String load() {
		try {
			String settings = PropertiesLoaderUtils.loadAllProperties("application.properties")
				.getProperty("vigil.h2-settings");
			if (settings == null) {
				throw new IllegalStateException("application.properties defines no vigil.h2-settings");
			}
			return settings;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
