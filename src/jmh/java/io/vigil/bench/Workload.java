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

	/** The same first stage as a full Elastic Defend network event, about 1 KB. */
	static String attackNetworkKilobyte(String host, Instant at) {
		return """
				{"@timestamp":"%s","agent":{"id":"4881ba7c-759e-42f3-af32-b6b4a26fccf9","type":"endpoint","version":"8.13.2","ephemeral_id":"e6bb189b-1732-4aec-b98a-73574de8243c"},"data_stream":{"dataset":"endpoint.events.network","namespace":"default","type":"logs"},"ecs":{"version":"8.10.0"},"event":{"id":"%s","kind":"event","category":["network"],"type":["start"],"action":"connection_accepted","dataset":"endpoint.events.network","module":"endpoint","created":"%s","sequence":48213,"outcome":"unknown"},"host":{"id":"%s","name":"%s","hostname":"%s","architecture":"x86_64","ip":["10.20.0.72","fe80::a1c:4ff:fe2b:9a01"],"mac":["00-50-56-A1-2B-3C"],"os":{"type":"windows","family":"windows","platform":"windows","name":"Windows 10 Enterprise","version":"22H2","kernel":"22H2 (10.0.19045.4291)","full":"Windows 10 Enterprise 22H2"}},"network":{"direction":"incoming","transport":"tcp","type":"ipv4","protocol":"http","iana_number":"6"},"source":{"ip":"10.29.188.187","port":51942,"address":"10.29.188.187"},"destination":{"ip":"10.20.0.72","port":5985,"address":"10.20.0.72"},"process":{"pid":4,"name":"System","executable":"System","entity_id":"NDg4MWJhN2MtNzU5ZS00MmYzLWFmMzItYjZiNGEyNmZjY2Y5LTQtMTMzNTk3NDQ1MTM"},"user":{"id":"S-1-5-18","name":"SYSTEM","domain":"NT AUTHORITY"}}"""
			.formatted(at, "evt-" + host, at, host, host, host);
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
