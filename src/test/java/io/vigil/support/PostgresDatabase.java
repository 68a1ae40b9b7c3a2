package io.vigil.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A scratch schema on the PostgreSQL server named by {@code -Dvigil.postgres.url}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user postgres). Where no server
 * answers, tests skip with a notice, unless {@code -Dvigil.postgres.required=true} (set
 * by {@code .ci/run}) makes that a failure.
 */
public final class PostgresDatabase implements AutoCloseable {

	private static final String SERVER_URL = System.getProperty("vigil.postgres.url",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private static final String USER = System.getProperty("vigil.postgres.user", "postgres");

	private final String schema;

	private PostgresDatabase(String schema) {
		this.schema = schema;
	}

	/** Creates a fresh schema, or skips the calling test when no server is reachable. */
	public static PostgresDatabase create() {
		String schema = "vigil_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			String notice = "PostgreSQL not reachable at " + SERVER_URL + " (" + ex.getMessage() + ")";
			if (Boolean.getBoolean("vigil.postgres.required")) {
				fail(notice + " but -Dvigil.postgres.required=true");
			}
			System.err.println("NOTICE: " + notice + "; skipping PostgreSQL tests");
			assumeTrue(false, notice);
		}
		return new PostgresDatabase(schema);
	}

	/**
	 * Creates a fresh schema (or skips) and points the application's data source at it.
	 */
	public static PostgresDatabase createFor(DynamicPropertyRegistry registry) {
		PostgresDatabase database = create();
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", () -> "");
		return database;
	}

	/** A JDBC URL whose default schema is this scratch schema. */
	public String url() {
		return SERVER_URL + (SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	/**
	 * The same database reached through another address, such as a {@link TcpProxy}:
	 * {@code host:port}.
	 */
	public String urlThrough(String hostAndPort) {
		return url().replaceFirst("//[^/]+/", "//" + hostAndPort + "/");
	}

	/** The server's host, from {@code -Dvigil.postgres.url}. */
	public static String host() {
		return SERVER_URL.replaceFirst("^jdbc:postgresql://([^:/]+).*$", "$1");
	}

	/** The server's port, from {@code -Dvigil.postgres.url}. */
	public static int port() {
		String port = SERVER_URL.replaceFirst("^jdbc:postgresql://[^:/]+(:(\\d+))?/.*$", "$2");
		return port.isEmpty() ? 5432 : Integer.parseInt(port);
	}

	public String user() {
		return USER;
	}

	public String schema() {
		return schema;
	}

	@Override
	public void close() throws SQLException {
		try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA " + schema + " CASCADE");
		}
	}

}
