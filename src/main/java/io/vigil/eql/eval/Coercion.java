package io.vigil.eql.eval;

import io.vigil.eql.schema.FieldType;
import io.vigil.eql.value.Cidr;
import io.vigil.eql.value.IpAddress;
import io.vigil.eql.value.Timestamps;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * What a value becomes in a field of each type, in the one place for both sides of a
 * comparison: an event's value as Elasticsearch's field mappers index it
 * ({@link #eventValue}) and a query literal as they parse the value of a term or range
 * query ({@link #literalFor}). {@code winlog.event_id == 4624} compares the keyword
 * "4624", {@code destination.port == "5985"} the number 5985, {@code source.ip ==
 * "10.0.0.0/8"} a CIDR block, and a date literal the span of time it names.
 * <p>
 * The two sides differ where Elasticsearch's do: an indexed fraction in a {@code long}
 * field keeps its whole part ({@code 1.5} is indexed as 1) while a query's fraction keeps
 * its value and so matches no whole number; an event's date is an instant and its address
 * one address, while a query's date is the span its precision names and its address may
 * be a block. Neither side takes an infinity or NaN into a numeric field.
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

	/**
	 * A JSON scalar of an event as a value of {@code type}, or null when it cannot be one
	 * (Elasticsearch would refuse the document).
	 */
	static @Nullable Object eventValue(JsonParser parser, JsonToken token, FieldType type) {
		boolean string = token == JsonToken.VALUE_STRING;
		boolean integral = token == JsonToken.VALUE_NUMBER_INT;
		boolean number = integral || token == JsonToken.VALUE_NUMBER_FLOAT;
		boolean bool = token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
		return switch (type) {
			case KEYWORD -> parser.getString();
			case LONG -> {
				if (integral) {
					yield fitsLong(parser) ? (Object) parser.getLongValue() : null;
				}
				if (number) {
					yield wholePart(parser.getDoubleValue());
				}
				Number parsed = string ? Values.number(parser.getString()) : null;
				yield parsed == null ? null : wholePart(parsed.doubleValue());
			}
			case DOUBLE -> number ? finite(parser.getDoubleValue())
					: string && Values.number(parser.getString()) instanceof Number parsed ? parsed.doubleValue()
							: null;
			case DATE -> {
				Long millis = integral && fitsLong(parser) ? (Long) parser.getLongValue() : number
						? wholePart(parser.getDoubleValue()) : string ? Timestamps.parse(parser.getString()) : null;
				yield millis != null && Timestamps.inRange(millis) ? millis : null;
			}
			case IP -> string ? IpAddress.parse(parser.getString()).orElse(null) : null;
			case BOOLEAN -> bool ? (Object) (token == JsonToken.VALUE_TRUE)
					: string && (parser.getString().equals("true") || parser.getString().equals("false"))
							? Boolean.valueOf(parser.getString()) : null;
			case OBJECT, UNKNOWN -> {
				if (string) {
					yield parser.getString();
				}
				if (integral) {
					yield fitsLong(parser) ? (Object) parser.getLongValue() : parser.getDoubleValue();
				}
				if (number) {
					yield finite(parser.getDoubleValue());
				}
				yield bool ? (Object) (token == JsonToken.VALUE_TRUE) : null;
			}
		};
	}

	/**
	 * A finite number; null for infinities and NaN, which Elasticsearch refuses in any
	 * numeric field.
	 */
	private static @Nullable Double finite(double value) {
		return Double.isFinite(value) ? value : null;
	}

	/**
	 * The whole part of a number, as Elasticsearch coerces a fraction into a long; null
	 * when no long holds it.
	 */
	private static @Nullable Long wholePart(double value) {
		return Double.isFinite(value) && value >= -0x1p63 && value < 0x1p63 ? (long) value : null;
	}

	private static boolean fitsLong(JsonParser parser) {
		JsonParser.NumberType type = parser.getNumberType();
		return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
	}

}
