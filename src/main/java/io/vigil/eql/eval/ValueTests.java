package io.vigil.eql.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.vigil.eql.ast.Expr.ComparisonOperator;
import io.vigil.eql.schema.FieldType;
import io.vigil.eql.value.Cidr;
import io.vigil.eql.value.IpAddress;
import io.vigil.eql.value.Timestamps;

/**
 * Tests of a field's values against literals already converted by {@link Coercion}. The
 * values a field holds have the field's type, so typed fields compare without conversion
 * at run time.
 */
final class ValueTests {

	/** Below this size a list is tested entry by entry; above, through a hash set. */
	private static final int SMALL_LIST = 4;

	private ValueTests() {
	}

	static ValueTest equalTo(FieldType type, Object literal) {
		return switch (type) {
			case KEYWORD, BOOLEAN -> literal::equals;
			case LONG, DOUBLE -> numericEquals((Number) literal);
			case DATE -> {
				Timestamps.Range range = (Timestamps.Range) literal;
				yield value -> value instanceof Long millis && millis >= range.from() && millis <= range.to();
			}
			case IP -> {
				Cidr cidr = (Cidr) literal;
				yield value -> value instanceof IpAddress address && cidr.contains(address);
			}
			case OBJECT, UNKNOWN -> value -> dynamicEquals(value, literal);
		};
	}

	static ValueTest compare(FieldType type, Object literal, ComparisonOperator operator) {
		if (type == FieldType.DATE) {
			Timestamps.Range range = (Timestamps.Range) literal;
			// A literal names a span: "<=" and ">" compare with its end, "<" and ">="
			// with its start.
			return switch (operator) {
				case LT -> value -> value instanceof Long millis && millis < range.from();
				case LTE -> value -> value instanceof Long millis && millis <= range.to();
				case GT -> value -> value instanceof Long millis && millis > range.to();
				case GTE -> value -> value instanceof Long millis && millis >= range.from();
				default -> throw new IllegalArgumentException("not an ordering: " + operator);
			};
		}
		Object bound = literal instanceof Cidr cidr ? cidr.address() : literal;
		boolean dynamic = type == FieldType.UNKNOWN || type == FieldType.OBJECT;
		return value -> {
			// A string outside the schema was indexed as a keyword: it orders as text,
			// "10" < "9".
			Integer order = dynamic && value instanceof String text
					? Integer.valueOf(text.compareTo(Values.text(bound))) : Values.compare(value, bound);
			return order != null && switch (operator) {
				case LT -> order < 0;
				case LTE -> order <= 0;
				case GT -> order > 0;
				case GTE -> order >= 0;
				default -> throw new IllegalArgumentException("not an ordering: " + operator);
			};
		};
	}

	/**
	 * Any of the literals; a large list of exact keys costs one hash lookup per value.
	 */
	static ValueTest oneOf(FieldType type, List<Object> literals) {
		if (literals.size() > SMALL_LIST) {
			switch (type) {
				case KEYWORD, BOOLEAN -> {
					Set<Object> set = new HashSet<>(literals);
					return set::contains;
				}
				case LONG, DOUBLE -> {
					Set<Double> set = new HashSet<>();
					literals.forEach(literal -> set.add(((Number) literal).doubleValue()));
					return value -> value instanceof Number number && set.contains(number.doubleValue());
				}
				case IP -> {
					if (literals.stream().allMatch(literal -> ((Cidr) literal).isSingleAddress())) {
						Set<IpAddress> set = new HashSet<>();
						literals.forEach(literal -> set.add(((Cidr) literal).address()));
						return set::contains;
					}
				}
				default -> {
				}
			}
		}
		List<ValueTest> tests = new ArrayList<>();
		literals.forEach(literal -> tests.add(equalTo(type, literal)));
		ValueTest[] array = tests.toArray(ValueTest[]::new);
		return value -> {
			for (ValueTest test : array) {
				if (test.test(value)) {
					return true;
				}
			}
			return false;
		};
	}

	private static ValueTest numericEquals(Number literal) {
		if (literal instanceof Long whole) {
			long expected = whole;
			return value -> value instanceof Long number ? number == expected
					: value instanceof Double fraction && fraction == expected;
		}
		double expected = literal.doubleValue();
		return value -> value instanceof Number number && number.doubleValue() == expected;
	}

	/**
	 * Equality for a field outside the schema, as dynamic mapping would have indexed it:
	 * a string value equals a literal with the same text, a number value a literal with
	 * the same numeric value.
	 */
	private static boolean dynamicEquals(Object value, Object literal) {
		if (value instanceof String text) {
			return text.equals(Values.text(literal));
		}
		return Values.equal(value, literal);
	}

}
