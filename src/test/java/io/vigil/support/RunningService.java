package io.vigil.support;

import java.io.IOException;
import java.nio.file.Files;

import io.vigil.VigilApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole service on a free port and a fresh file-mode H2 database, for property tests
 * that send it many requests (jqwik runs outside Spring's test context). The tick is off:
 * nothing changes state but the requests.
 */
public record RunningService(ConfigurableApplicationContext app, Http http) implements AutoCloseable {

	public static RunningService start(String name) throws IOException {
		String database = Files.createTempDirectory("vigil-" + name).toString();
		ConfigurableApplicationContext app = new SpringApplicationBuilder(VigilApplication.class).run("--server.port=0",
				"--detection.tick=1h", "--vigil.data-dir=" + database);
		return new RunningService(app,
				new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port"))));
	}

	public JdbcTemplate jdbc() {
		return app.getBean(JdbcTemplate.class);
	}

	@Override
	public void close() {
		app.close();
	}

}
