package io.vigil.eql.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The type of every known field. Fields outside the schema are {@link FieldType#UNKNOWN}.
 * Immutable and shared.
 */
public final class FieldSchema {

	private static final FieldSchema ECS = load("/ecs/field-types.csv");

	private final Map<String, FieldType> types;

	private FieldSchema(Map<String, FieldType> types) {
		this.types = Map.copyOf(types);
	}

	/** The Elastic Common Schema. */
	public static FieldSchema ecs() {
		return ECS;
	}

	/**
	 * Fields nearly every event of a category shares a value of
	 * ({@code host.os.type == "windows"} opens most Windows rules): tests on them seldom
	 * reject, and say little about an event.
	 */
	private static final Set<String> LOW_CARDINALITY = Set.of("event.category", "event.type", "event.action",
			"event.kind", "event.module", "event.dataset", "event.outcome", "data_stream.dataset", "data_stream.type",
			"host.os.type", "host.os.family", "host.os.platform", "host.os.name", "agent.type");

	public static boolean isLowCardinality(String field) {
		return LOW_CARDINALITY.contains(field);
	}

	public FieldType typeOf(String field) {
		return types.getOrDefault(field, FieldType.UNKNOWN);
	}

	private static FieldSchema load(String resource) {
		try (InputStream in = FieldSchema.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("missing resource " + resource);
			}
			Map<String, FieldType> types = new HashMap<>();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			reader.readLine();
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				String[] columns = line.split(",", -1);
				if (columns.length >= 2) {
					types.put(columns[0], FieldType.ofMapping(columns[1]));
				}
			}
			return new FieldSchema(types);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
