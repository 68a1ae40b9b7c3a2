package io.vigil.support;

import java.time.Instant;

/**
 * Events of the seed rule (Incoming Execution via PowerShell Remoting) for one host: an
 * incoming WinRM connection and, seconds later, a process under wsmprovhost.exe. One
 * NDJSON line each.
 */
public final class SeedAttack {

	private static final String NETWORK = """
			{"@timestamp":%s,"event":{"id":"%s-net","category":["network"],"type":["start"]},\
			"host":{"id":"%s","os":{"type":"windows"}},"network":{"direction":"incoming","protocol":"http"},\
			"source":{"ip":"10.1.1.1"},"destination":{"port":5985}}""";

	private static final String PROCESS = """
			{"@timestamp":%s,"event":{"id":"%s-proc","category":["process"],"type":["start"]},\
			"host":{"id":"%s","os":{"type":"windows"}},\
			"process":{"executable":"C:\\\\Windows\\\\System32\\\\whoami.exe","parent":{"name":"wsmprovhost.exe"}}}""";

	private SeedAttack() {
	}

	/**
	 * The first stage, with {@code timestamp} as written in JSON (a quoted date or a
	 * number).
	 */
	public static String network(String id, String host, String timestamp) {
		return NETWORK.formatted(timestamp, id, host);
	}

	public static String process(String id, String host, String timestamp) {
		return PROCESS.formatted(timestamp, id, host);
	}

	/** Both stages, four seconds apart, the second at {@code at}, as an NDJSON body. */
	public static String pair(String id, String host, Instant at) {
		return network(id, host, quoted(at.minusSeconds(4))) + "\n" + process(id, host, quoted(at)) + "\n";
	}

	public static String quoted(Instant at) {
		return "\"" + at + "\"";
	}

}
