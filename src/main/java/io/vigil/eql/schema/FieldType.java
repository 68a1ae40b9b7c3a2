package io.vigil.eql.schema;

/**
 * How values of a field are held and compared, after the Elasticsearch mapping types that
 * map to each.
 */
public enum FieldType {

	/** keyword, constant_keyword, wildcard, text, match_only_text: strings. */
	KEYWORD,
	/** long, integer, short, byte, unsigned_long: whole numbers. */
	LONG,
	/** double, float, half_float, scaled_float. */
	DOUBLE,
	/** Epoch milliseconds. */
	DATE, IP, BOOLEAN,
	/** object, nested, flattened, geo_point: not comparable as a whole. */
	OBJECT,
	/** Not in the schema: values keep their JSON type, as dynamic mapping would. */
	UNKNOWN;

	/** The type of an Elasticsearch mapping type name. */
	public static FieldType ofMapping(String mapping) {
		return switch (mapping) {
			case "keyword", "constant_keyword", "wildcard", "text", "match_only_text", "version" -> KEYWORD;
			case "long", "integer", "short", "byte", "unsigned_long" -> LONG;
			case "double", "float", "half_float", "scaled_float" -> DOUBLE;
			case "date", "date_nanos" -> DATE;
			case "ip" -> IP;
			case "boolean" -> BOOLEAN;
			case "object", "nested", "flattened", "geo_point" -> OBJECT;
			default -> UNKNOWN;
		};
	}

}
