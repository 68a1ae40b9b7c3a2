package io.vigil.eql.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.vigil.eql.schema.FieldSchema;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The extractor's duplicate-key check, field count and values against Jackson's own
 * strict duplicate detection and tree, on random nested documents read one after another
 * by one reader (a document, refused or not, must leave nothing behind for the next).
 */
class EventExtractorProperties {

	private static final JsonMapper PLAIN = JsonMapper.builder().build();

	private static final JsonMapper STRICT = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	@Property(tries = 2000)
	void refusesExactlyTheDocumentsJacksonFindsDuplicatesIn(@ForAll long seed) {
		Random random = new Random(seed);
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		slots.slotOf("k2.k3");
		slots.slotOf("k4.k5.k6");
		int k1 = slots.slotOf("k1");
		EventExtractor extractor = new EventExtractor(slots);
		EventExtractor.Reader reader = extractor.reader();
		for (int document = 0; document < 5; document++) {
			Generated generated = new Generated(random);
			StringBuilder json = new StringBuilder();
			generated.object(json, 0);
			String text = json.toString();
			boolean duplicated = duplicated(text);
			try (JsonParser parser = PLAIN.createParser(text)) {
				parser.nextToken();
				if (duplicated) {
					assertThatThrownBy(() -> reader.extract(parser)).as(text)
						.isInstanceOf(StreamReadException.class)
						.hasMessageContaining("Duplicate Object property");
				}
				else {
					EventExtractor.Extraction extraction = reader.extract(parser);
					assertThat(extraction.fields()).as(text).isEqualTo(generated.properties);
					assertThat(extraction.values().values(k1)).as(text).containsExactlyElementsOf(scalars(text, "k1"));
				}
			}
		}
	}

	/**
	 * The scalars of a top-level key, alone or in an array, as the extractor holds them.
	 */
	private static List<Object> scalars(String text, String key) {
		List<Object> scalars = new ArrayList<>();
		JsonNode value = PLAIN.readTree(text).path(key);
		for (JsonNode element : value.isArray() ? value : List.of(value)) {
			if (element.isString()) {
				scalars.add(element.asString());
			}
			else if (element.isNumber()) {
				scalars.add(element.asLong());
			}
		}
		return scalars;
	}

	private static boolean duplicated(String text) {
		try {
			STRICT.readTree(text);
			return false;
		}
		catch (StreamReadException ex) {
			return true;
		}
	}

	/**
	 * A random document: objects of up to 40 keys drawn from a small set (so that small
	 * objects seldom repeat a key and large ones, past the linear scan, often do), nested
	 * three deep, dotted keys and arrays of objects among them.
	 */
	private static final class Generated {

		private final Random random;

		private int properties;

		Generated(Random random) {
			this.random = random;
		}

		void object(StringBuilder json, int depth) {
			int size = random.nextInt(4) == 0 ? random.nextInt(41) : random.nextInt(6);
			List<String> keys = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				keys.add(random.nextInt(8) == 0 ? "k2.k3" : "k" + random.nextInt(size * 3 + 2));
			}
			json.append('{');
			for (int i = 0; i < keys.size(); i++) {
				properties++;
				json.append(i == 0 ? "" : ",").append('"').append(keys.get(i)).append("\":");
				value(json, depth);
			}
			json.append('}');
		}

		private void value(StringBuilder json, int depth) {
			switch (depth < 3 ? random.nextInt(5) : random.nextInt(2)) {
				case 0 -> json.append('"').append("v").append(random.nextInt(100)).append('"');
				case 1 -> json.append(random.nextInt(1000));
				case 2, 3 -> object(json, depth + 1);
				default -> {
					json.append('[');
					int size = random.nextInt(4);
					for (int i = 0; i < size; i++) {
						json.append(i == 0 ? "" : ",");
						if (random.nextBoolean()) {
							object(json, depth + 1);
						}
						else {
							json.append('"').append("a").append(random.nextInt(100)).append('"');
						}
					}
					json.append(']');
				}
			}
		}

	}

}
