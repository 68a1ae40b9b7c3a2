package io.vigil.bench;

import java.time.Instant;
import java.util.Random;

/** Elastic Defend-shaped events for benchmarks: noise, and the first stage of the seed rule's attack. */
final class Workload {

	private static final String[] PROCESSES = { "svchost.exe", "chrome.exe", "explorer.exe", "OneDrive.exe",
			"MsMpEng.exe", "Teams.exe" };

	private Workload() {
	}

	static String attackNetwork(String host, Instant at) {
		return """
				{"@timestamp":"%s","agent":{"type":"endpoint","version":"8.13.2"},"event":{"kind":"event","category":["network"],"type":["start"],"action":"connection_accepted","dataset":"endpoint.events.network"},"host":{"id":"%s","name":"%s","os":{"type":"windows","family":"windows","name":"Windows 10 Enterprise"}},"network":{"direction":"incoming","transport":"tcp","type":"ipv4","protocol":"http"},"source":{"ip":"10.29.188.187","port":51942},"destination":{"ip":"10.20.0.72","port":5985},"process":{"pid":4,"name":"System","executable":"System"}}"""
			.formatted(at, host, host);
	}

	static String noise(String host, Instant at, Random random) {
		String name = PROCESSES[random.nextInt(PROCESSES.length)];
		if (random.nextBoolean()) {
			return """
					{"@timestamp":"%s","agent":{"type":"endpoint","version":"8.13.2"},"event":{"kind":"event","category":["network"],"type":["start"],"action":"connection_attempted","dataset":"endpoint.events.network"},"host":{"id":"%s","name":"%s","os":{"type":"windows","family":"windows","name":"Windows 10 Enterprise"}},"network":{"direction":"outgoing","transport":"tcp","type":"ipv4","protocol":"tls"},"source":{"ip":"10.20.0.72","port":%d},"destination":{"ip":"142.250.74.%d","port":443},"process":{"pid":%d,"name":"%s","executable":"C:\\\\Program Files\\\\App\\\\%s"}}"""
				.formatted(at, host, host, 49152 + random.nextInt(16000), random.nextInt(255), random.nextInt(20000), name,
						name);
		}
		return """
				{"@timestamp":"%s","agent":{"type":"endpoint","version":"8.13.2"},"event":{"kind":"event","category":["process"],"type":["start"],"action":"start","dataset":"endpoint.events.process"},"host":{"id":"%s","name":"%s","os":{"type":"windows","family":"windows","name":"Windows 10 Enterprise"}},"process":{"pid":%d,"entity_id":"%016x","name":"%s","executable":"C:\\\\Windows\\\\System32\\\\%s","args":["%s","--type=renderer"],"command_line":"%s --type=renderer","parent":{"pid":%d,"name":"explorer.exe","executable":"C:\\\\Windows\\\\explorer.exe"}},"user":{"name":"user%d","domain":"CORP"}}"""
			.formatted(at, host, host, random.nextInt(20000), random.nextLong(), name, name, name, name,
					random.nextInt(20000), random.nextInt(500));
	}

}
