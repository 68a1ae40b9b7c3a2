package io.vigil.eql.eval;

import io.vigil.eql.schema.FieldType;
import io.vigil.eql.value.Cidr;
import io.vigil.eql.value.IpAddress;
import io.vigil.eql.value.Timestamps;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both sides of the coercion table for the same values: what an event's JSON scalar is
 * indexed as, and what the same value written as a query literal compares as. A number
 * beyond a long is refused in an event (Elasticsearch rejects the document) and compared
 * as a decimal in a query, where it equals no whole number.
 */
class CoercionTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@ParameterizedTest(name = "{0} {1}: event {2}, literal {3}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			KEYWORD | 4624              | 4624              | 4624
			KEYWORD | "svchost.exe"     | svchost.exe       | svchost.exe
			KEYWORD | true              | true              | true
			LONG    | 5985              | 5985              | 5985
			LONG    | "5985"            | 5985              | 5985
			LONG    | 1.5               | 1                 | 1.5
			LONG    | "1.5"             | 1                 | 1.5
			LONG    | 1e999999          | -                 | -
			LONG    | "x"               | -                 | -
			LONG    | 99999999999999999999 | -              | 1.0E20
			DOUBLE  | 1.5               | 1.5               | 1.5
			DOUBLE  | "1e999999"        | -                 | -
			BOOLEAN | true              | true              | true
			BOOLEAN | "false"           | false             | false
			BOOLEAN | "yes"             | -                 | -
			IP      | "10.0.0.1"        | ip:10.0.0.1       | cidr:10.0.0.1
			IP      | "10.0.0.0/8"      | -                 | cidr:10.0.0.0/8
			IP      | 10                | -                 | -
			DATE    | 1704067200000     | 1704067200000     | range:1704067200000-1704067200000
			DATE    | "2024-01-01"      | 1704067200000     | range:1704067200000-1704153599999
			DATE    | "yesterday"       | -                 | -
			""")
	void eventValuesAndLiteralsOfOneType(FieldType type, String json, @Nullable String event,
			@Nullable String literal) {
		assertThat(describe(eventValue(type, json))).as("event").isEqualTo(event);
		assertThat(describe(literal(type, json))).as("literal").isEqualTo(literal);
	}

	private static @Nullable Object eventValue(FieldType type, String json) {
		try (JsonParser parser = JSON.createParser(json)) {
			JsonToken token = parser.nextToken();
			return Coercion.eventValue(parser, token, type);
		}
	}

	/**
	 * The value as the query parser gives a literal: a string, a whole or a decimal
	 * number, a boolean.
	 */
	private static @Nullable Object literal(FieldType type, String json) {
		JsonNode node = JSON.readTree(json);
		Object value = node.isString() ? node.asString() : node.isIntegralNumber() && node.canConvertToLong()
				? (Object) node.asLong() : node.isNumber() ? (Object) node.asDouble() : node.asBoolean();
		if (value instanceof Double number && !Double.isFinite(number)) {
			return null;
		}
		return Coercion.literalFor(type, value);
	}

	private static @Nullable String describe(@Nullable Object value) {
		return switch (value) {
			case null -> null;
			case IpAddress address -> "ip:" + address;
			case Cidr block -> "cidr:" + block;
			case Timestamps.Range range -> "range:" + range.from() + "-" + range.to();
			default -> value.toString();
		};
	}

}
