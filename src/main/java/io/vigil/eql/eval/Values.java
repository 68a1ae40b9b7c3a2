package io.vigil.eql.eval;

import io.vigil.eql.value.IpAddress;
import org.jspecify.annotations.Nullable;

/** Runtime comparison of typed values where the two sides may differ in type. */
final class Values {

	private Values() {
	}

	/** The text of a value, as string functions and pattern operators see it. */
	static String text(Object value) {
		return value instanceof String string ? string : value.toString();
	}

	/**
	 * Orders two values, or null when they cannot be compared. Numbers compare
	 * numerically, a string against a number or an address is read as one, strings
	 * compare by UTF-16 code units.
	 */
	static @Nullable Integer compare(Object left, Object right) {
		if (left instanceof Long a && right instanceof Long b) {
			return Long.compare(a, b);
		}
		if (left instanceof Number a && right instanceof Number b) {
			return Double.compare(a.doubleValue(), b.doubleValue());
		}
		if (left instanceof String a && right instanceof String b) {
			return a.compareTo(b);
		}
		if (left instanceof Boolean a && right instanceof Boolean b) {
			return Boolean.compare(a, b);
		}
		if (left instanceof IpAddress a && right instanceof IpAddress b) {
			return a.compareTo(b);
		}
		if (left instanceof String text) {
			Object parsed = parseLike(text, right);
			return parsed == null ? null : compare(parsed, right);
		}
		if (right instanceof String text) {
			Object parsed = parseLike(text, left);
			return parsed == null ? null : compare(left, parsed);
		}
		return null;
	}

	static boolean equal(Object left, Object right) {
		Integer order = compare(left, right);
		return order != null && order == 0;
	}

	/** Reads {@code text} as the same kind of value as {@code model}, or null. */
	private static @Nullable Object parseLike(String text, Object model) {
		return switch (model) {
			case Number ignored -> number(text);
			case IpAddress ignored -> IpAddress.parse(text).orElse(null);
			case Boolean ignored -> text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
			default -> null;
		};
	}

	/**
	 * A decimal number: a Long when whole and in range, else a Double; null when not a
	 * number.
	 */
	static @Nullable Number number(String text) {
		if (text.isEmpty() || !(Character.isDigit(text.charAt(text.length() - 1)) || text.endsWith("."))) {
			return null;
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException notLong) {
			try {
				double value = Double.parseDouble(text);
				return Double.isFinite(value) && text.chars().allMatch(c -> "0123456789.-+eE".indexOf(c) >= 0) ? value
						: null;
			}
			catch (NumberFormatException notNumber) {
				return null;
			}
		}
	}

}
