package io.vigil.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.vigil.eql.CompiledQuery;
import io.vigil.rules.Rule;
import org.jspecify.annotations.Nullable;

/**
 * A match of a rule: one event for an event query, the ordered events of a sequence or
 * sample.
 *
 * @param keys the join key: field name and value, in key order; empty for event queries
 * @param events in stage order, missing-event stages included as placeholders
 */
public record Detection(Rule rule, List<KeyValue> keys, List<Member> events) {

	public Detection {
		keys = List.copyOf(keys);
		events = List.copyOf(events);
	}

	/**
	 * A stable identity: the same rule, key and events always give the same id, so a
	 * detection found twice (a redelivered batch, a re-run after a late event) is stored
	 * once.
	 */
	public String id() {
		StringBuilder identity = new StringBuilder(rule.ruleId());
		keys.forEach(key -> identity.append('\u0000').append(key.field()).append('=').append(key.value()));
		events.forEach(member -> identity.append('\u0001')
			.append(member.stage())
			.append(':')
			.append(member.event() == null ? "-" : member.event().id()));
		return Sha256.hex(identity.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The key as field-value pairs: the key fields of a stage, beside the key's values.
	 */
	static List<KeyValue> keyValues(List<CompiledQuery.JoinKey> fields, List<Object> key) {
		List<KeyValue> keyValues = new ArrayList<>(fields.size());
		for (int i = 0; i < fields.size(); i++) {
			keyValues.add(new KeyValue(fields.get(i).path(), key.get(i)));
		}
		return keyValues;
	}

	/**
	 * One key field and its value; the value is null for an optional key the events lack.
	 */
	public record KeyValue(String field, @Nullable Object value) {
	}

	/**
	 * One event of a detection.
	 *
	 * @param stage 1-based stage number
	 * @param event the event, or null for a missing-event stage
	 */
	public record Member(int stage, @Nullable EngineEvent event) {

		public boolean missing() {
			return event == null;
		}

	}

}
