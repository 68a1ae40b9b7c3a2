package io.vigil.eql.eval;

import io.vigil.eql.schema.FieldType;
import io.vigil.eql.value.Cidr;
import io.vigil.eql.value.Timestamps;
import org.jspecify.annotations.Nullable;

/**
 * Converts a query literal to the type of the field it is compared with, as
 * Elasticsearch's field mappers parse the value of a term or range query:
 * {@code winlog.event_id == 4624} compares the keyword "4624",
 * {@code destination.port == "5985"} the number 5985, {@code source.ip ==
 * "10.0.0.0/8"} a CIDR block, and a date literal the span of time it names.
 */
public final class Coercion {

	private Coercion() {
	}

	/**
	 * The literal as the field's type: a String (keyword), a Long or Double (numbers), a
	 * {@link Timestamps.Range} (date), a {@link Cidr} (ip), a Boolean; unchanged for
	 * fields of unknown type. Null when the literal cannot be one.
	 */
	public static @Nullable Object literalFor(FieldType type, Object literal) {
		return switch (type) {
			case KEYWORD -> literal instanceof String ? literal : literal.toString();
			case LONG, DOUBLE ->
				literal instanceof Number ? literal : literal instanceof String text ? Values.number(text) : null;
			case DATE -> switch (literal) {
				case String text -> Timestamps.parseRange(text);
				case Long millis -> new Timestamps.Range(millis, millis);
				case Double millis -> new Timestamps.Range(millis.longValue(), millis.longValue());
				default -> null;
			};
			case IP -> literal instanceof String text ? Cidr.parse(text).orElse(null) : null;
			case BOOLEAN -> literal instanceof Boolean ? literal
					: "true".equals(literal) ? Boolean.TRUE : "false".equals(literal) ? Boolean.FALSE : null;
			case OBJECT, UNKNOWN -> literal;
		};
	}

	/** What a literal of {@code type} looks like, for messages. */
	public static String expected(FieldType type) {
		return switch (type) {
			case LONG -> "a whole number";
			case DOUBLE -> "a number";
			case DATE -> "a date (ISO-8601 or epoch milliseconds)";
			case IP -> "an IP address or CIDR block";
			case BOOLEAN -> "true or false";
			default -> "a value";
		};
	}

}
