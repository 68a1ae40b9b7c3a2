package io.vigil.eql.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vigil.eql.schema.FieldType;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Extracts, in one pass over an event's JSON tokens, the values of the fields compiled
 * queries read, coerced to each field's type as Elasticsearch's mappings would index them
 * ({@code "5985"} becomes 5985 in a {@code long} field, an address in an {@code ip} field
 * is parsed). Paths resolve through nested objects, dotted keys ({@code "host.id"}) or
 * any mix of both, and through arrays of objects; nulls inside arrays are dropped.
 * Subtrees no rule reads are skipped without being built. Immutable and thread-safe.
 */
public final class EventExtractor {

	private static final Object[] NONE = new Object[0];

	private static final JsonMapper TREES = JsonMapper.builder().build();

	private final PathNode root = new PathNode();

	private final FieldType[] types;

	private final String[] paths;

	/**
	 * Extracts the fields that {@code slots} holds now; fields added later are not
	 * extracted.
	 */
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

	/**
	 * The values of an event given as a tree; a value its field's type cannot hold is a
	 * problem.
	 */
	public Extraction extract(JsonNode event) {
		try (JsonParser parser = TREES.treeAsTokens(event)) {
			parser.nextToken();
			return extract(parser);
		}
	}

	/**
	 * The values of the event at the parser, which must stand on the event's
	 * START_OBJECT; on return it stands on the matching END_OBJECT.
	 */
	public Extraction extract(JsonParser parser) {
		return reader().extract(parser);
	}

	/**
	 * A reader for events one after another that reuses its scratch space; for one thread
	 * at a time.
	 */
	public Reader reader() {
		return new Reader();
	}

	/**
	 * An event's values and the problems met extracting them.
	 *
	 * @param problems one message per value that does not fit its field's type
	 * @param fields the JSON properties of the event, at every depth
	 */
	public record Extraction(FieldValues values, List<String> problems, int fields) {

		public Extraction {
			problems = List.copyOf(problems);
		}

	}

	private static final class PathNode {

		private static final int CACHE_SIZE = 64;

		/**
		 * Slots tried from a name's own before a miss: objects of a dozen keys rarely
		 * collide past it.
		 */
		private static final int PROBES = 4;

		private final Map<String, PathNode> children = new HashMap<>();

		/**
		 * What names led to, by the name's String instance: Jackson hands out one
		 * instance per distinct name, so the keys of events of one shape hit here without
		 * hashing or splitting. Shared by threads: each slot holds an immutable entry, so
		 * a racing write only costs a miss.
		 */
		private final Resolved[] resolved = new Resolved[CACHE_SIZE];

		private int slot = -1;

	}

	/** A name and the node it leads to (null: no rule reads below it). */
	private record Resolved(String name, @Nullable PathNode node) {
	}

	/**
	 * An event's values; the folded hashes are computed on first use, by the one thread
	 * evaluating it.
	 */
	private static final class ExtractedValues implements FieldValues {

		private final Object[][] values;

		private final int[][] folded;

		ExtractedValues(Object[][] values) {
			this.values = values;
			this.folded = new int[values.length][];
		}

		@Override
		public Object[] values(int slot) {
			Object[] found = slot < values.length ? values[slot] : null;
			return found == null ? NONE : found;
		}

		@Override
		public int[] foldedHashes(int slot) {
			if (slot >= values.length) {
				return NO_HASHES;
			}
			int[] hashes = folded[slot];
			if (hashes == null) {
				hashes = FieldValues.super.foldedHashes(slot);
				folded[slot] = hashes;
			}
			return hashes;
		}

	}

	private static final int[] NO_HASHES = new int[0];

	/** Walks events' tokens; see {@link #reader()}. */
	public final class Reader {

		private final ObjectKeyStack keys = new ObjectKeyStack();

		private final int[] counts = new int[types.length];

		/** The slots the event being read has values in, in the order met. */
		private final int[] touched = new int[types.length];

		private int touchedCount;

		/**
		 * Values by slot; most fields hold one value, so arrays start at one and grow.
		 */
		private Object[][] found = new Object[0][];

		private List<String> problems = List.of();

		private int fields;

		private Reader() {
		}

		/** As {@link EventExtractor#extract(JsonParser)}. */
		public Extraction extract(JsonParser parser) {
			// only the slots an event has are visited, however many fields the rules read
			for (int i = 0; i < touchedCount; i++) {
				counts[touched[i]] = 0;
			}
			touchedCount = 0;
			found = new Object[types.length][];
			problems = List.of();
			fields = 0;
			keys.clear();
			object(parser, root);
			for (int i = 0; i < touchedCount; i++) {
				int slot = touched[i];
				if (counts[slot] < found[slot].length) {
					found[slot] = Arrays.copyOf(found[slot], counts[slot]);
				}
			}
			return new Extraction(new ExtractedValues(found), problems, fields);
		}

		/**
		 * At START_OBJECT: reads properties until the matching END_OBJECT. A key seen
		 * twice in one object fails the parse, as Elasticsearch refuses such a document.
		 */
		private void object(JsonParser parser, @Nullable PathNode node) {
			keys.open();
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				fields++;
				if (!keys.add(name)) {
					throw new StreamReadException(parser, "Duplicate Object property \"%s\"".formatted(name));
				}
				JsonToken token = parser.nextToken();
				PathNode target = node == null ? null : resolve(node, name);
				if (target != null || !token.isScalarValue()) {
					visit(parser, token, target);
				}
				else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
					requireFinite(parser);
				}
			}
			keys.close();
		}

		/**
		 * Elasticsearch refuses a document with a number that is not finite, whatever
		 * field it is in.
		 */
		private void requireFinite(JsonParser parser) {
			if (!Double.isFinite(parser.getDoubleValue())) {
				problem("the number [%s] is not finite".formatted(parser.getString()));
			}
		}

		/**
		 * The trie node a key leads to from {@code node}; a dotted key walks several
		 * levels.
		 */
		private @Nullable PathNode resolve(PathNode node, String key) {
			Resolved[] cache = node.resolved;
			int home = key.hashCode() & (PathNode.CACHE_SIZE - 1);
			int free = home;
			for (int probe = 0; probe < PathNode.PROBES; probe++) {
				int index = (home + probe) & (PathNode.CACHE_SIZE - 1);
				Resolved cached = cache[index];
				if (cached == null) {
					free = index;
					break;
				}
				if (cached.name() == key) {
					return cached.node();
				}
			}
			PathNode target = lookUp(node, key);
			cache[free] = new Resolved(key, target);
			return target;
		}

		private static @Nullable PathNode lookUp(PathNode node, String key) {
			if (key.indexOf('.') < 0) {
				return node.children.get(key);
			}
			PathNode target = node;
			for (String segment : key.split("\\.", -1)) {
				target = target.children.get(segment);
				if (target == null) {
					return null;
				}
			}
			return target;
		}

		/**
		 * At a value's first token: takes what {@code node} wants of it, skips the rest
		 * (still counting fields).
		 */
		private void visit(JsonParser parser, JsonToken token, @Nullable PathNode node) {
			if (token == JsonToken.START_ARRAY) {
				for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser
					.nextToken()) {
					visit(parser, element, node);
				}
				return;
			}
			if (token == JsonToken.START_OBJECT) {
				if (node != null && node.slot >= 0 && node.children.isEmpty() && holdsValues(types[node.slot])) {
					// Elasticsearch refuses the document: an object cannot be indexed
					// into a value field
					problem("field [%s] of type [%s] cannot hold an object".formatted(paths[node.slot],
							types[node.slot].name().toLowerCase(Locale.ROOT)));
				}
				object(parser, node != null && !node.children.isEmpty() ? node : null);
				return;
			}
			// A string no rule reads is skipped unread: it is never held, so no length
			// limit need apply.
			if (node == null || node.slot < 0 || token == JsonToken.VALUE_NULL) {
				if (token == JsonToken.VALUE_NUMBER_FLOAT) {
					requireFinite(parser);
				}
				return;
			}
			Object coerced = Coercion.eventValue(parser, token, types[node.slot]);
			if (coerced == null) {
				FieldType type = types[node.slot];
				problem("field [%s] of type [%s] cannot hold [%s]%s".formatted(paths[node.slot],
						type.name().toLowerCase(Locale.ROOT), literal(parser, token), type == FieldType.DATE
								? ": a date is ISO-8601 or epoch milliseconds, in the years 0000 to 9999" : ""));
				return;
			}
			Object[] slotValues = found[node.slot];
			int count = counts[node.slot];
			if (slotValues == null) {
				slotValues = new Object[1];
				touched[touchedCount++] = node.slot;
			}
			else if (count == slotValues.length) {
				slotValues = Arrays.copyOf(slotValues, count * 2);
			}
			slotValues[count] = coerced;
			found[node.slot] = slotValues;
			counts[node.slot] = count + 1;
		}

		private void problem(String message) {
			if (problems.isEmpty()) {
				problems = new ArrayList<>(2);
			}
			problems.add(message);
		}

	}

	private static boolean holdsValues(FieldType type) {
		return type != FieldType.OBJECT && type != FieldType.UNKNOWN;
	}

	private static String literal(JsonParser parser, JsonToken token) {
		return token == JsonToken.VALUE_STRING ? "\"" + parser.getString() + "\"" : parser.getString();
	}

}
