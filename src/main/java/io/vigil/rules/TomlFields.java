package io.vigil.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vigil.diagnostics.Diagnostic;
import io.vigil.diagnostics.SourceText;
import org.jspecify.annotations.Nullable;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed reads from one TOML table that report, instead of throwing, every missing or
 * mistyped key at its position in the file.
 */
final class TomlFields {

	private final SourceText source;

	private final TomlTable table;

	/**
	 * Dotted path of the table, used in messages ({@code rule}, {@code rule.threat[0]}).
	 */
	private final String path;

	/** Where the table itself starts, for problems about keys it lacks. */
	private final TomlPosition tablePosition;

	private final List<Diagnostic> diagnostics;

	TomlFields(SourceText source, TomlTable table, String path, TomlPosition tablePosition,
			List<Diagnostic> diagnostics) {
		this.source = source;
		this.table = table;
		this.path = path;
		this.tablePosition = tablePosition;
		this.diagnostics = diagnostics;
	}

	@Nullable String requiredString(String key) {
		Object value = get(key);
		if (value == null) {
			errorAtTable("missing required field [%s]".formatted(qualified(key)));
			return null;
		}
		return stringValue(key, value);
	}

	@Nullable String optionalString(String key) {
		Object value = get(key);
		return value == null ? null : stringValue(key, value);
	}

	@Nullable Long requiredInteger(String key) {
		Object value = get(key);
		if (value == null) {
			errorAtTable("missing required field [%s]".formatted(qualified(key)));
			return null;
		}
		return integerValue(key, value);
	}

	@Nullable Long optionalInteger(String key) {
		Object value = get(key);
		return value == null ? null : integerValue(key, value);
	}

	/**
	 * An array of strings; {@code required} makes an absent key an error, else it reads
	 * as empty.
	 */
	List<String> stringArray(String key, boolean required) {
		Object value = get(key);
		if (value == null) {
			if (required) {
				errorAtTable("missing required field [%s]".formatted(qualified(key)));
			}
			return List.of();
		}
		if (!(value instanceof TomlArray array)) {
			errorAt(key, "field [%s] must be an array of strings, found %s".formatted(qualified(key), typeName(value)));
			return List.of();
		}
		return strings(key, array);
	}

	/**
	 * A string or an array of strings, read as a list (Elastic writes {@code integration}
	 * both ways).
	 */
	List<String> stringOrStringArray(String key) {
		Object value = get(key);
		if (value instanceof String string) {
			return List.of(string);
		}
		return stringArray(key, false);
	}

	/**
	 * The array of tables under {@code key}, each as its own reader; empty when absent.
	 */
	List<TomlFields> tableArray(String key, boolean required) {
		Object value = get(key);
		if (value == null) {
			if (required) {
				errorAtTable("missing required field [%s]".formatted(qualified(key)));
			}
			return List.of();
		}
		if (!(value instanceof TomlArray array) || !allTables(array)) {
			errorAt(key, "field [%s] must be an array of tables, found %s".formatted(qualified(key), typeName(value)));
			return List.of();
		}
		List<TomlFields> tables = new ArrayList<>();
		for (int i = 0; i < array.size(); i++) {
			tables.add(new TomlFields(source, array.getTable(i), qualified(key) + "[" + i + "]",
					positionOr(array.inputPositionOf(i)), diagnostics));
		}
		return tables;
	}

	@Nullable TomlFields requiredTable(String key) {
		Object value = get(key);
		if (value == null) {
			errorAtTable("missing required field [%s]".formatted(qualified(key)));
			return null;
		}
		if (!(value instanceof TomlTable nested)) {
			errorAt(key, "field [%s] must be a table, found %s".formatted(qualified(key), typeName(value)));
			return null;
		}
		return new TomlFields(source, nested, qualified(key), positionOr(table.inputPositionOf(List.of(key))),
				diagnostics);
	}

	/** Every key not in {@code known}, converted to plain Java collections. */
	Map<String, Object> others(Set<String> known) {
		Map<String, Object> others = new LinkedHashMap<>();
		for (String key : table.keySet()) {
			if (!known.contains(key)) {
				others.put(key, plain(table.get(List.of(key))));
			}
		}
		return others;
	}

	void errorAt(String key, String message) {
		TomlPosition position = positionOr(table.inputPositionOf(List.of(key)));
		diagnostics.add(Diagnostic.error(source, position.line(), position.column(), message));
	}

	void errorAtTable(String message) {
		diagnostics.add(Diagnostic.error(source, tablePosition.line(), tablePosition.column(), message));
	}

	String qualified(String key) {
		return path.isEmpty() ? key : path + "." + key;
	}

	@Nullable TomlPosition position(String key) {
		return table.inputPositionOf(List.of(key));
	}

	private @Nullable Object get(String key) {
		return table.get(List.of(key));
	}

	private @Nullable String stringValue(String key, Object value) {
		if (value instanceof String string) {
			return string;
		}
		errorAt(key, "field [%s] must be a string, found %s".formatted(qualified(key), typeName(value)));
		return null;
	}

	private @Nullable Long integerValue(String key, Object value) {
		if (value instanceof Long number) {
			return number;
		}
		errorAt(key, "field [%s] must be an integer, found %s".formatted(qualified(key), typeName(value)));
		return null;
	}

	private List<String> strings(String key, TomlArray array) {
		List<String> strings = new ArrayList<>(array.size());
		for (int i = 0; i < array.size(); i++) {
			if (array.get(i) instanceof String string) {
				strings.add(string);
			}
			else {
				TomlPosition position = positionOr(array.inputPositionOf(i));
				diagnostics.add(Diagnostic.error(source, position.line(), position.column(),
						"field [%s] must be an array of strings, found %s at index %d".formatted(qualified(key),
								typeName(array.get(i)), i)));
			}
		}
		return strings;
	}

	private static boolean allTables(TomlArray array) {
		for (int i = 0; i < array.size(); i++) {
			if (!array.isTable(i)) {
				return false;
			}
		}
		return true;
	}

	private TomlPosition positionOr(@Nullable TomlPosition position) {
		return position != null ? position : tablePosition;
	}

	private static String typeName(Object value) {
		return switch (value) {
			case String ignored -> "string";
			case Long ignored -> "integer";
			case Double ignored -> "float";
			case Boolean ignored -> "boolean";
			case TomlArray ignored -> "array";
			case TomlTable ignored -> "table";
			default -> "date-time";
		};
	}

	private static Object plain(Object value) {
		return switch (value) {
			case TomlTable nested -> nested.toMap();
			case TomlArray array -> array.toList();
			default -> value;
		};
	}

}
