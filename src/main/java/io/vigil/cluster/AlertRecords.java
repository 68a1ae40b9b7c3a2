package io.vigil.cluster;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.vigil.engine.Detection;
import io.vigil.engine.EngineEvent;
import io.vigil.eql.eval.FieldValues;
import io.vigil.rules.Rule;
import io.vigil.rules.RuleCatalogue;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleStatus;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts on the alerts topic: JSON keyed by the alert id, with the rule's identity, the
 * join key and each event as received. The database writer turns a record back into the
 * detection it came from, with the rule's full metadata from the rules it loaded, so the
 * alert it stores (and its id) is the one a single process stores.
 */
final class AlertRecords {

	private static final FieldValues NO_VALUES = slot -> new Object[0];

	private final JsonMapper json;

	private final RuleCatalogue rules;

	AlertRecords(JsonMapper json, RuleCatalogue rules) {
		this.json = json;
		this.rules = rules;
	}

	byte[] write(Detection detection) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
		try (JsonGenerator out = json.createGenerator(bytes)) {
			Rule rule = detection.rule();
			out.writeStartObject();
			out.writeStringProperty("id", detection.id());
			out.writeName("rule");
			out.writeStartObject();
			out.writeStringProperty("id", rule.ruleId());
			out.writeStringProperty("name", rule.name());
			out.writeStringProperty("severity", rule.severity().value());
			out.writeNumberProperty("risk_score", rule.riskScore());
			out.writeEndObject();
			out.writeArrayPropertyStart("keys");
			for (Detection.KeyValue key : detection.keys()) {
				out.writeStartObject();
				out.writeStringProperty("field", key.field());
				out.writeStringProperty("value", key.value() == null ? null : key.value().toString());
				out.writeEndObject();
			}
			out.writeEndArray();
			out.writeArrayPropertyStart("events");
			for (Detection.Member member : detection.events()) {
				out.writeStartObject();
				out.writeNumberProperty("stage", member.stage());
				out.writeBooleanProperty("missing", member.missing());
				EngineEvent event = member.event();
				if (event != null) {
					out.writeStringProperty("id", event.id());
					out.writeNumberProperty("timestamp", event.timestamp());
					out.writeNumberProperty("ingested", event.ingested());
					out.writeNumberProperty("arrival", event.arrival());
					out.writeStringProperty("index", event.index());
					out.writeName("source");
					out.writeRawValue(new String(event.source(), StandardCharsets.UTF_8));
				}
				out.writeEndObject();
			}
			out.writeEndArray();
			out.writeEndObject();
		}
		return bytes.toByteArray();
	}

	/**
	 * The detection a record holds.
	 * @throws IllegalArgumentException when the record is not an alert this service wrote
	 * @throws IllegalStateException when this instance has not loaded the alert's rule
	 */
	Detection read(byte @Nullable [] record) {
		if (record == null) {
			throw new IllegalArgumentException("the record has no value");
		}
		JsonNode alert;
		try {
			alert = json.readTree(record);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("the record is not JSON: " + ex.getOriginalMessage(), ex);
		}
		String ruleId = alert.path("rule").path("id").asString(null);
		if (ruleId == null || !alert.path("id").isString() || !alert.path("events").isArray()) {
			throw new IllegalArgumentException("the record is not an alert: it lacks the id, rule.id or events");
		}
		Rule rule = rules.find(ruleId)
			.filter(file -> file.status() == RuleStatus.LOADED)
			.map(RuleFile::rule)
			.orElseThrow(() -> new IllegalStateException(
					"An alert of rule [" + ruleId + "] arrived, but this instance has not loaded that rule: "
							+ "every instance must load the same rules"));
		List<Detection.KeyValue> keys = new ArrayList<>();
		for (JsonNode key : alert.path("keys")) {
			JsonNode value = key.path("value");
			keys.add(new Detection.KeyValue(key.path("field").asString(), value.isNull() ? null : value.asString()));
		}
		List<Detection.Member> members = new ArrayList<>();
		for (JsonNode member : alert.path("events")) {
			int stage = member.path("stage").asInt();
			if (member.path("missing").asBoolean()) {
				members.add(new Detection.Member(stage, null));
				continue;
			}
			JsonNode index = member.path("index");
			members.add(new Detection.Member(stage,
					new EngineEvent(member.path("id").asString(), member.path("timestamp").asLong(),
							member.path("ingested").asLong(), member.path("arrival").asLong(), NO_VALUES,
							index.isNull() || index.isMissingNode() ? null : index.asString(),
							json.writeValueAsBytes(member.path("source")))));
		}
		return new Detection(rule, keys, members);
	}

}
