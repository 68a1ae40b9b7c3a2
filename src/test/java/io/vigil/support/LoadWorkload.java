package io.vigil.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A deterministic (by seed) stream of Elastic Defend-shaped events of about 1 KB for the
 * seed rule: mostly noise from many hosts, a controlled share of true attack sequences,
 * near misses that must not alert (31 s gap, loopback source, conhost child, wrong order,
 * other host), delivered slightly out of order. Knows the alerts a correct engine
 * produces: one per attack host.
 *
 * @param events in delivery order, one JSON object per element
 * @param expectedAlertHosts the {@code host.id} of every sequence that must alert
 */
public record LoadWorkload(List<String> events, Set<String> expectedAlertHosts) {

	/** Event time advances by this much per event of the stream. */
	public static final long MILLIS_PER_EVENT = 10;

	/** Events are shuffled within windows this long: far inside the lateness horizon. */
	private static final int SHUFFLE_WINDOW = 256;

	public static final Instant START = Instant.parse("2024-05-14T08:00:00Z");

	private static final String[] NEAR_MISSES = { "gap31s", "loopback", "conhost", "wrongorder", "otherhost" };

	public static LoadWorkload generate(long seed, int count, int hosts, int attacksPerMillion) {
		return generate(seed, count, hosts, attacksPerMillion, "", START);
	}

	/**
	 * One round of a longer run: scenario hosts carry {@code prefix}, so rounds never
	 * share a sequence, and event time starts at {@code start}.
	 */
	public static LoadWorkload generate(long seed, int count, int hosts, int attacksPerMillion, String prefix,
			Instant start) {
		Random random = new Random(seed);
		String[] slots = new String[count + 4_000];
		Set<String> expected = new TreeSet<>();
		int attacks = (int) ((long) count * attacksPerMillion / 1_000_000);
		int scenarios = attacks + attacks; // as many near misses as attacks
		for (int s = 0; s < scenarios; s++) {
			int at = random.nextInt(count - 4_000);
			boolean attack = s < attacks;
			String kind = attack ? "attack" : NEAR_MISSES[s % NEAR_MISSES.length];
			String host = prefix + kind + "-" + s;
			int first = free(slots, at);
			long t0 = start.toEpochMilli() + first * MILLIS_PER_EVENT;
			switch (kind) {
				case "attack" -> {
					slots[first] = network(host, t0, "10.29.188.187", random);
					slots[free(slots, first + 400)] = process(host, t0 + 4_000, "whoami.exe", random);
					expected.add(host);
				}
				case "gap31s" -> {
					slots[first] = network(host, t0, "10.29.188.187", random);
					slots[free(slots, first + 3_100)] = process(host, t0 + 31_000, "whoami.exe", random);
				}
				case "loopback" -> {
					slots[first] = network(host, t0, "::1", random);
					slots[free(slots, first + 400)] = process(host, t0 + 4_000, "whoami.exe", random);
				}
				case "conhost" -> {
					slots[first] = network(host, t0, "10.29.188.187", random);
					slots[free(slots, first + 400)] = process(host, t0 + 4_000, "conhost.exe", random);
				}
				case "wrongorder" -> {
					slots[first] = process(host, t0, "whoami.exe", random);
					slots[free(slots, first + 400)] = network(host, t0 + 4_000, "10.29.188.187", random);
				}
				default -> {
					slots[first] = network(host + "-a", t0, "10.29.188.187", random);
					slots[free(slots, first + 400)] = process(host + "-b", t0 + 4_000, "whoami.exe", random);
				}
			}
		}
		List<String> ordered = new ArrayList<>(count);
		for (int i = 0; ordered.size() < count && i < slots.length; i++) {
			long t = start.toEpochMilli() + i * MILLIS_PER_EVENT;
			ordered.add(slots[i] != null ? slots[i] : noise("host-" + random.nextInt(hosts), t, random));
		}
		for (int from = 0; from < ordered.size(); from += SHUFFLE_WINDOW) {
			Collections.shuffle(ordered.subList(from, Math.min(ordered.size(), from + SHUFFLE_WINDOW)), random);
		}
		return new LoadWorkload(List.copyOf(ordered), Set.copyOf(expected));
	}

	private static int free(String[] slots, int from) {
		int i = from;
		while (slots[i] != null) {
			i++;
		}
		return i;
	}

	private static String id(Random random) {
		return Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
	}

	private static String time(long millis) {
		return Instant.ofEpochMilli(millis).toString();
	}

	static String network(String host, long t, String sourceIp, Random random) {
		return """
				{"@timestamp":"%s","agent":{"id":"4881ba7c-759e-42f3-af32-b6b4a26fccf9","type":"endpoint","version":"8.13.2"},\
				"data_stream":{"dataset":"endpoint.events.network","namespace":"default","type":"logs"},"ecs":{"version":"8.10.0"},\
				"event":{"id":"%s","kind":"event","category":["network"],"type":["start"],"action":"connection_accepted",\
				"dataset":"endpoint.events.network","module":"endpoint","created":"%s","sequence":%d},\
				"host":{"id":"%s","name":"%s","hostname":"%s","architecture":"x86_64","ip":["10.20.0.72"],\
				"os":{"type":"windows","family":"windows","platform":"windows","name":"Windows 10 Enterprise","version":"22H2",\
				"kernel":"22H2 (10.0.19045.4291)"}},"network":{"direction":"incoming","transport":"tcp","type":"ipv4","protocol":"http"},\
				"source":{"ip":"%s","port":%d},"destination":{"ip":"10.20.0.72","port":5985},\
				"process":{"pid":4,"name":"System","executable":"System","entity_id":"NDg4MWJhN2MtNzU5ZS00MmYzLWFmMzItYjZiNGEyNmZjY2Y5LTQ"},\
				"user":{"id":"S-1-5-18","name":"SYSTEM","domain":"NT AUTHORITY"}}"""
			.formatted(time(t), id(random), time(t + 3), random.nextInt(1_000_000), host, host, host, sourceIp,
					49152 + random.nextInt(16000));
	}

	static String process(String host, long t, String name, Random random) {
		return """
				{"@timestamp":"%s","agent":{"id":"4881ba7c-759e-42f3-af32-b6b4a26fccf9","type":"endpoint","version":"8.13.2"},\
				"data_stream":{"dataset":"endpoint.events.process","namespace":"default","type":"logs"},"ecs":{"version":"8.10.0"},\
				"event":{"id":"%s","kind":"event","category":["process"],"type":["start"],"action":"start",\
				"dataset":"endpoint.events.process","module":"endpoint","created":"%s"},\
				"host":{"id":"%s","name":"%s","hostname":"%s","architecture":"x86_64","ip":["10.20.0.72"],\
				"os":{"type":"windows","family":"windows","platform":"windows","name":"Windows 10 Enterprise","version":"22H2"}},\
				"process":{"pid":%d,"entity_id":"%s","name":"%s","executable":"C:\\\\Windows\\\\System32\\\\%s",\
				"args":["C:\\\\Windows\\\\System32\\\\%s"],"command_line":"C:\\\\Windows\\\\System32\\\\%s",\
				"parent":{"pid":3172,"name":"wsmprovhost.exe","executable":"C:\\\\Windows\\\\System32\\\\wsmprovhost.exe"}},\
				"user":{"id":"S-1-5-21-1004336348-1177238915-682003330-1105","name":"adm-jdoe","domain":"CORP"}}"""
			.formatted(time(t), id(random), time(t + 3), host, host, host, random.nextInt(20000), id(random), name,
					name, name, name);
	}

	/**
	 * Applications that run from {@code C:\\Program Files\\App}: system binaries there
	 * (svchost.exe, explorer.exe, MsMpEng.exe) would be masquerading, which the
	 * catalogue's rules rightly detect.
	 */
	private static final String[] PROCESSES = { "chrome.exe", "firefox.exe", "OneDrive.exe", "Code.exe", "slack.exe",
			"Teams.exe" };

	static String noise(String host, long t, Random random) {
		String name = PROCESSES[random.nextInt(PROCESSES.length)];
		if (random.nextBoolean()) {
			return """
					{"@timestamp":"%s","agent":{"id":"4881ba7c-759e-42f3-af32-b6b4a26fccf9","type":"endpoint","version":"8.13.2"},\
					"data_stream":{"dataset":"endpoint.events.network","namespace":"default","type":"logs"},"ecs":{"version":"8.10.0"},\
					"event":{"id":"%s","kind":"event","category":["network"],"type":["start"],"action":"connection_attempted",\
					"dataset":"endpoint.events.network","module":"endpoint"},\
					"host":{"id":"%s","name":"%s","hostname":"%s","architecture":"x86_64","ip":["10.20.3.17"],\
					"os":{"type":"windows","family":"windows","platform":"windows","name":"Windows 10 Enterprise","version":"22H2"}},\
					"network":{"direction":"outgoing","transport":"tcp","type":"ipv4","protocol":"tls"},\
					"source":{"ip":"10.20.3.17","port":%d},"destination":{"ip":"142.250.74.%d","port":443},\
					"process":{"pid":%d,"name":"%s","executable":"C:\\\\Program Files\\\\App\\\\%s","entity_id":"%s"},\
					"user":{"id":"S-1-5-21-1004336348-1177238915-682003330-1105","name":"jdoe","domain":"CORP"}}"""
				.formatted(time(t), id(random), host, host, host, 49152 + random.nextInt(16000), random.nextInt(255),
						random.nextInt(20000), name, name, id(random));
		}
		return """
				{"@timestamp":"%s","agent":{"id":"4881ba7c-759e-42f3-af32-b6b4a26fccf9","type":"endpoint","version":"8.13.2"},\
				"data_stream":{"dataset":"endpoint.events.process","namespace":"default","type":"logs"},"ecs":{"version":"8.10.0"},\
				"event":{"id":"%s","kind":"event","category":["process"],"type":["start"],"action":"start",\
				"dataset":"endpoint.events.process","module":"endpoint"},\
				"host":{"id":"%s","name":"%s","hostname":"%s","architecture":"x86_64","ip":["10.20.3.17"],\
				"os":{"type":"windows","family":"windows","platform":"windows","name":"Windows 10 Enterprise","version":"22H2"}},\
				"process":{"pid":%d,"entity_id":"%s","name":"%s","executable":"C:\\\\Program Files\\\\App\\\\%s",\
				"args":["%s","--type=renderer"],"command_line":"%s --type=renderer",\
				"parent":{"pid":%d,"name":"explorer.exe","executable":"C:\\\\Windows\\\\explorer.exe"}},\
				"user":{"id":"S-1-5-21-1004336348-1177238915-682003330-1105","name":"jdoe","domain":"CORP"}}"""
			.formatted(time(t), id(random), host, host, host, random.nextInt(20000), id(random), name, name, name, name,
					random.nextInt(20000));
	}

}
