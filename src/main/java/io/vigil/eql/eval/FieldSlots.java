package io.vigil.eql.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vigil.eql.schema.FieldSchema;
import io.vigil.eql.schema.FieldType;

/**
 * Numbers the fields that compiled queries read, so that an event's values are extracted
 * once into an array every rule indexes. Grows while queries are compiled (one thread),
 * then is only read.
 */
public final class FieldSlots {

	private final FieldSchema schema;

	private final Map<String, Integer> slots = new HashMap<>();

	private final List<String> paths = new ArrayList<>();

	public FieldSlots(FieldSchema schema) {
		this.schema = schema;
	}

	public FieldSchema schema() {
		return schema;
	}

	/** The slot of a field, assigned on first use. */
	public int slotOf(String path) {
		return slots.computeIfAbsent(path, key -> {
			paths.add(key);
			return paths.size() - 1;
		});
	}

	/** The slot of a field, or -1 when no query reads it. */
	public int find(String path) {
		Integer slot = slots.get(path);
		return slot == null ? -1 : slot;
	}

	public int size() {
		return paths.size();
	}

	public String pathOf(int slot) {
		return paths.get(slot);
	}

	public FieldType typeOf(int slot) {
		return schema.typeOf(paths.get(slot));
	}

}
