package io.vigil.eql.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vigil.eql.schema.FieldType;
import io.vigil.eql.value.IpAddress;
import io.vigil.eql.value.Timestamps;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Extracts, in one walk of an event, the values of the fields compiled queries read, coerced to
 * each field's type as Elasticsearch's mappings would index them ({@code "5985"} becomes 5985 in a
 * {@code long} field, an address in an {@code ip} field is parsed). Paths resolve through nested
 * objects, dotted keys ({@code "host.id"}) or any mix of both, and through arrays of objects;
 * nulls inside arrays are dropped. Immutable and thread-safe.
 */
public final class EventExtractor {

	private static final Object[] NONE = new Object[0];

	private final PathNode root = new PathNode();

	private final FieldType[] types;

	private final String[] paths;

	/** Extracts the fields that {@code slots} holds now; fields added later are not extracted. */
	public EventExtractor(FieldSlots slots) {
		this.types = new FieldType[slots.size()];
		this.paths = new String[slots.size()];
		for (int slot = 0; slot < slots.size(); slot++) {
			types[slot] = slots.typeOf(slot);
			paths[slot] = slots.pathOf(slot);
			PathNode node = root;
			for (String segment : paths[slot].split("\\.", -1)) {
				node = node.children.computeIfAbsent(segment, key -> new PathNode());
			}
			node.slot = slot;
		}
	}

	/** The values of an event (a JSON object); a value its field's type cannot hold is a problem. */
	public Extraction extract(JsonNode event) {
		Walk walk = new Walk(types.length);
		if (event.isObject()) {
			walk.object(event, root);
		}
		Object[][] values = new Object[types.length][];
		for (int slot = 0; slot < values.length; slot++) {
			List<Object> found = walk.found[slot];
			values[slot] = found == null ? NONE : found.toArray();
		}
		return new Extraction(new ExtractedValues(values), walk.problems);
	}

	/**
	 * An event's values and the problems met extracting them.
	 *
	 * @param problems one message per value that does not fit its field's type
	 */
	public record Extraction(FieldValues values, List<String> problems) {

		public Extraction {
			problems = List.copyOf(problems);
		}

	}

	private static final class PathNode {

		private final Map<String, PathNode> children = new HashMap<>();

		private int slot = -1;

	}

	private record ExtractedValues(Object[][] values) implements FieldValues {

		@Override
		public Object[] values(int slot) {
			return slot < values.length ? values[slot] : NONE;
		}

	}

	private final class Walk {

		private final List<Object>[] found;

		private final List<String> problems = new ArrayList<>();

		@SuppressWarnings("unchecked")
		Walk(int size) {
			this.found = new List[size];
		}

		void object(JsonNode object, PathNode node) {
			for (Map.Entry<String, JsonNode> property : object.properties()) {
				PathNode target = node;
				for (String segment : property.getKey().split("\\.", -1)) {
					target = target.children.get(segment);
					if (target == null) {
						break;
					}
				}
				if (target != null) {
					visit(property.getValue(), target);
				}
			}
		}

		private void visit(JsonNode value, PathNode node) {
			if (value.isArray()) {
				for (JsonNode element : value) {
					visit(element, node);
				}
				return;
			}
			if (value.isObject()) {
				if (!node.children.isEmpty()) {
					object(value, node);
				}
				return;
			}
			if (node.slot >= 0 && !value.isNull()) {
				Object coerced = coerce(value, types[node.slot]);
				if (coerced == null) {
					problems.add("field [%s] of type [%s] cannot hold [%s]".formatted(paths[node.slot],
							types[node.slot].name().toLowerCase(Locale.ROOT), value));
					return;
				}
				if (found[node.slot] == null) {
					found[node.slot] = new ArrayList<>(2);
				}
				found[node.slot].add(coerced);
			}
		}

	}

	/** A JSON scalar as a value of {@code type}, or null when it cannot be one. */
	static @Nullable Object coerce(JsonNode value, FieldType type) {
		return switch (type) {
			case KEYWORD -> value.isString() ? value.stringValue() : value.asString();
			case LONG -> {
				if (value.isIntegralNumber()) {
					yield value.canConvertToLong() ? value.longValue() : null;
				}
				if (value.isFloatingPointNumber()) {
					yield (long) value.doubleValue();
				}
				Number number = value.isString() ? Values.number(value.stringValue()) : null;
				yield number == null ? null : number.longValue();
			}
			case DOUBLE -> value.isNumber() ? (Object) value.doubleValue()
					: value.isString() && Values.number(value.stringValue()) instanceof Number number
							? number.doubleValue() : null;
			case DATE -> value.isNumber() ? (Object) value.longValue()
					: value.isString() ? Timestamps.parse(value.stringValue()) : null;
			case IP -> value.isString() ? IpAddress.parse(value.stringValue()).orElse(null) : null;
			case BOOLEAN -> value.isBoolean() ? (Object) value.booleanValue()
					: value.isString() && (value.stringValue().equals("true") || value.stringValue().equals("false"))
							? Boolean.valueOf(value.stringValue()) : null;
			case OBJECT, UNKNOWN -> {
				if (value.isString()) {
					yield value.stringValue();
				}
				if (value.isIntegralNumber()) {
					yield value.canConvertToLong() ? (Object) value.longValue() : value.doubleValue();
				}
				if (value.isNumber()) {
					yield value.doubleValue();
				}
				yield value.isBoolean() ? value.booleanValue() : null;
			}
		};
	}

}
