package io.vigil.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.vigil.rules.Threat;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An alert in the shape Kibana's detection engine writes to
 * {@code .alerts-security.alerts-*}, for integrations written against Elastic alerts:
 * {@code kibana.*} fields as flat dotted keys, the event's ECS fields nested. An
 * event-query alert is one document; a sequence is one building block per event
 * (missing-event stages included) followed by the shell alert, whose fields are those all
 * its events share.
 * <p>
 * The shell's {@code kibana.alert.uuid} is this service's alert id, so a SOAR tool
 * dedupes on the same value whichever form it reads; building block {@code i} is
 * {@code sha256(id + ":" + i)}. {@code kibana.alert.rule.uuid} is the rule's
 * {@code rule_id}: there is no Kibana saved object.
 */
final class KibanaDocuments {

	static final String ALERTS_INDEX = ".alerts-security.alerts-default";

	private KibanaDocuments() {
	}

	static ArrayNode of(AlertView alert, String kibanaVersion, JsonMapper json) {
		ArrayNode documents = json.createArrayNode();
		List<JsonNode> events = new ArrayList<>();
		alert.events().forEach(events::add);
		if (events.size() == 1) {
			ObjectNode document = eventDocument(events.getFirst(), json);
			alertFields(document, alert, alert.id(), kibanaVersion, json);
			ArrayNode ancestors = document.putArray("kibana.alert.ancestors");
			ancestor(ancestors, events.getFirst());
			document.put("kibana.alert.depth", 1);
			if (alert.rule().buildingBlockType() != null) {
				document.put("kibana.alert.building_block_type", alert.rule().buildingBlockType());
			}
			documents.add(document);
			return documents;
		}
		ArrayNode shellAncestors = json.createArrayNode();
		List<JsonNode> sources = new ArrayList<>();
		for (int i = 0; i < events.size(); i++) {
			JsonNode event = events.get(i);
			String blockId = sha256(alert.id() + ":" + i);
			ObjectNode block = eventDocument(event, json);
			alertFields(block, alert, blockId, kibanaVersion, json);
			ArrayNode ancestors = block.putArray("kibana.alert.ancestors");
			ancestor(ancestors, event);
			block.put("kibana.alert.depth", 1);
			block.put("kibana.alert.building_block_type", "default");
			block.put("kibana.alert.group.id", alert.id());
			block.put("kibana.alert.group.index", i);
			documents.add(block);
			shellAncestors.addAll(ancestors);
			shellAncestors.addObject()
				.put("id", blockId)
				.put("type", "signal")
				.put("index", ALERTS_INDEX)
				.put("depth", 1)
				.put("rule", alert.rule().ruleId());
			if (!event.path("missing").asBoolean()) {
				sources.add(event.get("source"));
			}
		}
		ObjectNode shell = sources.isEmpty() ? json.createObjectNode() : (ObjectNode) common(sources);
		shell.withObject("event").put("kind", "signal");
		alertFields(shell, alert, alert.id(), kibanaVersion, json);
		shell.set("kibana.alert.ancestors", shellAncestors);
		shell.put("kibana.alert.depth", 2);
		shell.put("kibana.alert.group.id", alert.id());
		if (alert.rule().buildingBlockType() != null) {
			shell.put("kibana.alert.building_block_type", alert.rule().buildingBlockType());
		}
		documents.add(shell);
		return documents;
	}

	/**
	 * The event's own fields (none for a missing-event stage), with {@code event.kind}
	 * set to signal.
	 */
	private static ObjectNode eventDocument(JsonNode event, JsonMapper json) {
		ObjectNode document = event.path("missing").asBoolean() ? json.createObjectNode()
				: (ObjectNode) event.get("source").deepCopy();
		JsonNode original = document.path("event");
		if (original.isObject()) {
			original.properties()
				.forEach(field -> document.set("kibana.alert.original_event." + field.getKey(), field.getValue()));
		}
		document.withObject("event").put("kind", "signal");
		if (event.has("timestamp")) {
			document.put("kibana.alert.original_time", event.get("timestamp").asString());
		}
		return document;
	}

	private static void ancestor(ArrayNode ancestors, JsonNode event) {
		if (!event.path("missing").asBoolean()) {
			ancestors.addObject()
				.put("id", event.get("event_id").asString())
				.put("type", "event")
				.put("index", event.path("index").isString() ? event.get("index").asString() : null)
				.put("depth", 0);
		}
	}

	private static void alertFields(ObjectNode fields, AlertView alert, String uuid, String kibanaVersion,
			JsonMapper json) {
		AlertView.RuleSnapshot rule = alert.rule();
		fields.put("@timestamp", alert.detectedAt().toString());
		fields.put("kibana.alert.uuid", uuid);
		fields.put("kibana.alert.status", "active");
		fields.put("kibana.alert.workflow_status", alert.status().value());
		if (alert.statusUpdatedAt() != null) {
			fields.put("kibana.alert.workflow_status_updated_at", alert.statusUpdatedAt().toString());
		}
		fields.put("kibana.alert.severity", rule.severity());
		fields.put("kibana.alert.risk_score", rule.riskScore());
		fields.put("kibana.alert.reason", reason(fields, rule));
		fields.put("kibana.alert.rule.uuid", rule.ruleId());
		fields.put("kibana.alert.rule.rule_id", rule.ruleId());
		fields.put("kibana.alert.rule.name", rule.name());
		fields.put("kibana.alert.rule.description", rule.description());
		fields.put("kibana.alert.rule.severity", rule.severity());
		fields.put("kibana.alert.rule.risk_score", rule.riskScore());
		fields.put("kibana.alert.rule.type", "eql");
		fields.put("kibana.alert.rule.rule_type_id", "siem.eqlRule");
		fields.put("kibana.alert.rule.category", "Event Correlation Rule");
		fields.put("kibana.alert.rule.consumer", "siem");
		if (rule.version() != null) {
			fields.put("kibana.alert.rule.version", rule.version());
		}
		fields.set("kibana.alert.rule.tags", json.valueToTree(rule.tags()));
		fields.set("kibana.alert.rule.references", json.valueToTree(rule.references()));
		fields.set("kibana.alert.rule.false_positives", json.valueToTree(rule.falsePositives()));
		fields.set("kibana.alert.rule.threat", threat(alert.threat(), json));
		fields.putArray("kibana.space_ids").add("default");
		fields.put("kibana.version", kibanaVersion);
	}

	/**
	 * Elastic's threat shape: singular {@code technique} and {@code subtechnique} arrays.
	 */
	private static ArrayNode threat(List<Threat> threats, JsonMapper json) {
		ArrayNode array = json.createArrayNode();
		for (Threat threat : threats) {
			ObjectNode entry = array.addObject().put("framework", threat.framework());
			entry.set("tactic", json.valueToTree(threat.tactic()));
			ArrayNode techniques = entry.putArray("technique");
			for (Threat.Technique technique : threat.techniques()) {
				ObjectNode node = techniques.addObject()
					.put("id", technique.id())
					.put("name", technique.name())
					.put("reference", technique.reference());
				node.set("subtechnique", json.valueToTree(technique.subtechniques()));
			}
		}
		return array;
	}

	/**
	 * Like Kibana's reason: the event category and the entities involved, then the rule.
	 */
	private static String reason(ObjectNode document, AlertView.RuleSnapshot rule) {
		List<String> parts = new ArrayList<>();
		for (Map.Entry<String, String> entity : List.of(Map.entry("process.name", "process "),
				Map.entry("process.parent.name", "parent process "), Map.entry("file.name", "file "),
				Map.entry("source.ip", "source "), Map.entry("destination.ip", "destination "),
				Map.entry("user.name", "by "), Map.entry("host.name", "on "))) {
			String value = text(document, entity.getKey());
			if (value != null) {
				parts.add(entity.getValue() + value);
			}
		}
		String category = text(document, "event.category");
		return (category == null ? "event" : category + " event")
				+ (parts.isEmpty() ? "" : " with " + String.join(", ", parts)) + ", created " + rule.severity()
				+ " alert " + rule.name() + ".";
	}

	private static @Nullable String text(JsonNode document, String path) {
		JsonNode node = document;
		for (String part : path.split("\\.")) {
			node = node.path(part);
		}
		if (node.isArray() && !node.isEmpty()) {
			node = node.get(0);
		}
		return node.isValueNode() && !node.isNull() ? node.asString() : null;
	}

	/**
	 * The fields every source shares with equal values; arrays keep the elements all of
	 * them hold.
	 */
	static @Nullable JsonNode common(List<JsonNode> sources) {
		JsonNode first = sources.getFirst();
		if (first.isObject()) {
			ObjectNode shared = ((ObjectNode) first).objectNode();
			for (Map.Entry<String, JsonNode> field : first.properties()) {
				List<JsonNode> values = new ArrayList<>();
				for (JsonNode source : sources) {
					JsonNode value = source.get(field.getKey());
					if (value == null) {
						break;
					}
					values.add(value);
				}
				if (values.size() == sources.size()) {
					JsonNode value = common(values);
					if (value != null && !(value.isContainer() && value.isEmpty())) {
						shared.set(field.getKey(), value);
					}
				}
			}
			return shared;
		}
		if (first.isArray()) {
			ArrayNode shared = ((ArrayNode) first).arrayNode();
			for (JsonNode element : first) {
				if (sources.stream().allMatch(source -> contains(source, element))) {
					shared.add(element);
				}
			}
			return shared;
		}
		return sources.stream().allMatch(first::equals) ? first : null;
	}

	private static boolean contains(JsonNode source, JsonNode element) {
		if (source.isArray()) {
			for (JsonNode candidate : source) {
				if (candidate.equals(element)) {
					return true;
				}
			}
			return false;
		}
		return source.equals(element);
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
