package io.vigil.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.vigil.rules.RuleCatalogue;
import io.vigil.rules.RuleLoader;
import io.vigil.support.SharedFiles;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed rule, "Incoming Execution via PowerShell Remoting", end to end through the
 * engine on realistic Elastic Defend and Winlogbeat events: the shared samples, and
 * variations of a true attack that must, or must not, alert.
 */
class SeedRuleDetectionTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String NETWORK = """
			{"@timestamp":"2024-05-14T08:00:23.348Z","agent":{"type":"endpoint","version":"8.13.2"},
			 "event":{"id":"net-1","kind":"event","category":["network"],"type":["start"],"action":"connection_accepted"},
			 "host":{"id":"host-a","name":"WKS-0062","os":{"type":"windows","family":"windows"}},
			 "network":{"direction":"incoming","transport":"tcp","type":"ipv4","protocol":"http"},
			 "source":{"ip":"10.29.188.187","port":51942},"destination":{"ip":"10.20.0.72","port":5985},
			 "process":{"pid":4,"name":"System","executable":"System"}}""";

	private static final String PROCESS = """
			{"@timestamp":"2024-05-14T08:00:27.350Z","agent":{"type":"endpoint","version":"8.13.2"},
			 "event":{"id":"proc-1","kind":"event","category":["process"],"type":["start"],"action":"start"},
			 "host":{"id":"host-a","name":"WKS-0062","os":{"type":"windows","family":"windows"}},
			 "process":{"pid":8181,"name":"whoami.exe","executable":"C:\\\\Windows\\\\System32\\\\whoami.exe",
			  "parent":{"pid":1576,"name":"wsmprovhost.exe","executable":"C:\\\\Windows\\\\System32\\\\wsmprovhost.exe"}}}""";

	@Test
	void sharedSamplesGiveExactlyTheExpectedAlerts() throws IOException {
		List<JsonNode> events = Files.readAllLines(SharedFiles.samples().resolve("seed-rule-examples.ndjson"))
			.stream()
			.filter(line -> !line.isBlank())
			.map(JSON::readTree)
			.toList();
		assertThat(detect(events)).containsExactlyInAnyOrder("000000CGbW7H,000000DRgzWe", "000000In46Sp,000000JiASgA",
				"000003GpSpcN,000003HdyS3t");
	}

	@Test
	void theTrueSequenceAlertsWithTheRuleAndHost() {
		List<Detection> detections = engineRun(List.of(network(n -> n), process(p -> p)));
		assertThat(detections).singleElement().satisfies(detection -> {
			assertThat(detection.rule().ruleId()).isEqualTo("2772264c-6fb9-4d9d-9014-b416eed21254");
			assertThat(detection.keys()).containsExactly(new Detection.KeyValue("host.id", "host-a"));
			assertThat(detection.events()).extracting(Detection.Member::stage).containsExactly(1, 2);
		});
	}

	@Test
	void maxspanIsInclusive() {
		assertThat(detect(List.of(network(n -> n), process(p -> p.put("@timestamp", "2024-05-14T08:00:53.348Z")))))
			.containsExactly("net-1,proc-1");
		assertThat(detect(List.of(network(n -> n), process(p -> p.put("@timestamp", "2024-05-14T08:00:53.349Z")))))
			.isEmpty();
	}

	@Test
	void loopbackSourcesDoNotAlert() {
		for (String loopback : List.of("127.0.0.1", "::1", "0:0:0:0:0:0:0:1")) {
			assertThat(detect(List.of(network(n -> with(n, "source", "ip", loopback)), process(p -> p)))).as(loopback)
				.isEmpty();
		}
		// the rule names two addresses, not the loopback range
		assertThat(detect(List.of(network(n -> with(n, "source", "ip", "127.0.0.2")), process(p -> p))))
			.containsExactly("net-1,proc-1");
	}

	@Test
	void conhostChildrenDoNotAlertOnAnyDrive() {
		for (String conhost : List.of("C:\\Windows\\System32\\conhost.exe", "D:\\Windows\\System32\\conhost.exe",
				"C:\\WINDOWS\\system32\\conhost.exe")) {
			assertThat(detect(List.of(network(n -> n), process(p -> with(p, "process", "executable", conhost)))))
				.as(conhost)
				.isEmpty();
		}
		assertThat(detect(List.of(network(n -> n),
				process(p -> with(p, "process", "executable", "C:\\Windows\\SysWOW64\\conhost.exe")))))
			.containsExactly("net-1,proc-1");
	}

	@Test
	void parentNameMatchesInAnyCase() {
		assertThat(detect(List.of(network(n -> n),
				process(p -> with(p, "process", "parent", JSON.createObjectNode().put("name", "WsmProvHost.EXE"))))))
			.containsExactly("net-1,proc-1");
	}

	@Test
	void portSentAsAStringAlerts() {
		assertThat(detect(List.of(network(n -> with(n, "destination", "port", "5985")), process(p -> p))))
			.containsExactly("net-1,proc-1");
		assertThat(detect(List.of(network(n -> with(n, "destination", "port", "443")), process(p -> p)))).isEmpty();
	}

	@Test
	void eventTypeAsAnArrayOrAString() {
		assertThat(detect(List.of(network(n -> n), process(p -> with(p, "event", "type", "start")))))
			.containsExactly("net-1,proc-1");
		assertThat(detect(List.of(network(n -> n),
				process(p -> with(p, "event", "type", JSON.createArrayNode().add("info").add("start"))))))
			.containsExactly("net-1,proc-1");
		assertThat(detect(List.of(network(n -> n), process(p -> with(p, "event", "type", "end"))))).isEmpty();
	}

	@Test
	void theLatestNetworkEventWins() {
		JsonNode first = network(n -> with(n, "event", "id", "net-0").put("@timestamp", "2024-05-14T08:00:20.000Z"));
		assertThat(detect(List.of(first, network(n -> n), process(p -> p)))).containsExactly("net-1,proc-1");
	}

	@Test
	void anotherHostsEventsDoNotJoin() {
		JsonNode otherNetwork = network(n -> with(with(n, "event", "id", "net-b"), "host", "id", "host-b")
			.put("@timestamp", "2024-05-14T08:00:25.000Z"));
		JsonNode otherProcess = process(p -> with(with(p, "event", "id", "proc-b"), "host", "id", "host-b")
			.put("@timestamp", "2024-05-14T08:00:26.000Z"));
		assertThat(detect(List.of(network(n -> n), otherNetwork, otherProcess, process(p -> p))))
			.containsExactlyInAnyOrder("net-1,proc-1", "net-b,proc-b");
		assertThat(detect(List.of(network(n -> n), process(p -> with(p, "host", "id", "host-b"))))).isEmpty();
	}

	@Test
	void processBeforeNetworkDoesNotAlert() {
		assertThat(detect(List.of(network(n -> n.put("@timestamp", "2024-05-14T08:00:28.000Z")), process(p -> p))))
			.isEmpty();
		assertThat(detect(List.of(network(n -> n.put("@timestamp", "2024-05-14T08:00:27.000Z")), process(p -> p))))
			.containsExactly("net-1,proc-1");
	}

	@Test
	void theProcessArrivingFirstStillAlertsWhenTheNetworkEventComes() {
		assertThat(detect(List.of(process(p -> p), network(n -> n)))).containsExactly("net-1,proc-1");
	}

	private static JsonNode network(Function<ObjectNode, ObjectNode> change) {
		return change.apply((ObjectNode) JSON.readTree(NETWORK));
	}

	private static JsonNode process(Function<ObjectNode, ObjectNode> change) {
		return change.apply((ObjectNode) JSON.readTree(PROCESS));
	}

	private static ObjectNode with(ObjectNode event, String object, String field, Object value) {
		ObjectNode parent = (ObjectNode) event.get(object);
		switch (value) {
			case String text -> parent.put(field, text);
			case JsonNode node -> parent.set(field, node);
			default -> throw new IllegalArgumentException(value.toString());
		}
		return event;
	}

	/** Event ids of each detection, arriving one event per batch in the given order. */
	private static List<String> detect(List<JsonNode> events) {
		return engineRun(events).stream()
			.map(detection -> detection.events()
				.stream()
				.map(member -> member.event().id())
				.collect(Collectors.joining(",")))
			.toList();
	}

	private static List<Detection> engineRun(List<JsonNode> events) {
		RuleCatalogue catalogue = RuleLoader.load(Path.of("rules"));
		DetectionEngine engine = new DetectionEngine(catalogue.files(), catalogue.slots(), EngineSettings.DEFAULTS,
				Clock.fixed(Instant.parse("2024-05-14T08:00:00Z"), ZoneOffset.UTC));
		EventReader reader = new EventReader(catalogue.slots());
		List<Detection> detections = new ArrayList<>();
		long arrival = 0;
		for (JsonNode event : events) {
			EventReader.Reading reading = reader.read(event, event.toString(), null, null,
					Instant.parse("2024-05-14T08:01:00Z"));
			assertThat(reading.reason()).isNull();
			detections.addAll(engine.process(List.of(reading.event().arrived(arrival++))).detections());
		}
		return detections;
	}

}
