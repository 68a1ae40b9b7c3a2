package io.vigil.eql.eval;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.vigil.eql.value.Ascii;
import io.vigil.eql.value.Cidr;
import io.vigil.eql.value.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * The functions of Elasticsearch 8.x EQL, with their signatures and their null behaviour:
 * a {@code null} required argument gives {@code null}. Names are matched
 * case-insensitively.
 */
public enum EqlFunction {

	ADD("add", Kind.NUMBER, false, List.of(Kind.NUMBER, Kind.NUMBER), 2, 2),
	BETWEEN("between", Kind.STRING, true, List.of(Kind.STRING, Kind.STRING, Kind.STRING, Kind.BOOLEAN), 3, 4),
	CIDR_MATCH("cidrMatch", Kind.BOOLEAN, false, List.of(Kind.IP, Kind.STRING), 2, Integer.MAX_VALUE),
	CONCAT("concat", Kind.STRING, false, List.of(Kind.ANY), 1, Integer.MAX_VALUE),
	DIVIDE("divide", Kind.NUMBER, false, List.of(Kind.NUMBER, Kind.NUMBER), 2, 2),
	ENDS_WITH("endsWith", Kind.BOOLEAN, true, List.of(Kind.STRING, Kind.STRING), 2, 2),
	INDEX_OF("indexOf", Kind.NUMBER, true, List.of(Kind.STRING, Kind.STRING, Kind.NUMBER), 2, 3),
	LENGTH("length", Kind.NUMBER, false, List.of(Kind.STRING), 1, 1),
	MODULO("modulo", Kind.NUMBER, false, List.of(Kind.NUMBER, Kind.NUMBER), 2, 2),
	MULTIPLY("multiply", Kind.NUMBER, false, List.of(Kind.NUMBER, Kind.NUMBER), 2, 2),
	NUMBER("number", Kind.NUMBER, false, List.of(Kind.STRING, Kind.NUMBER), 1, 2),
	STARTS_WITH("startsWith", Kind.BOOLEAN, true, List.of(Kind.STRING, Kind.STRING), 2, 2),
	STRING("string", Kind.STRING, false, List.of(Kind.ANY), 1, 1),
	STRING_CONTAINS("stringContains", Kind.BOOLEAN, true, List.of(Kind.STRING, Kind.STRING), 2, 2),
	SUBSTRING("substring", Kind.STRING, false, List.of(Kind.STRING, Kind.NUMBER, Kind.NUMBER), 2, 3),
	SUBTRACT("subtract", Kind.NUMBER, false, List.of(Kind.NUMBER, Kind.NUMBER), 2, 2);

	private final String displayName;

	private final Kind returns;

	private final boolean caseInsensitiveVariant;

	private final List<Kind> parameters;

	private final int minArguments;

	private final int maxArguments;

	EqlFunction(String displayName, Kind returns, boolean caseInsensitiveVariant, List<Kind> parameters,
			int minArguments, int maxArguments) {
		this.displayName = displayName;
		this.returns = returns;
		this.caseInsensitiveVariant = caseInsensitiveVariant;
		this.parameters = parameters;
		this.minArguments = minArguments;
		this.maxArguments = maxArguments;
	}

	/** The function a name refers to, ignoring case as Elasticsearch does. */
	public static Optional<EqlFunction> byName(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		for (EqlFunction function : values()) {
			if (function.displayName.toLowerCase(Locale.ROOT).equals(lower)) {
				return Optional.of(function);
			}
		}
		return Optional.empty();
	}

	/** The name as documented, such as {@code cidrMatch}. */
	public String displayName() {
		return displayName;
	}

	public Kind returns() {
		return returns;
	}

	public boolean hasCaseInsensitiveVariant() {
		return caseInsensitiveVariant;
	}

	public int minArguments() {
		return minArguments;
	}

	public int maxArguments() {
		return maxArguments;
	}

	/** The kind the argument at {@code index} must have; the last parameter repeats. */
	public Kind parameter(int index) {
		return parameters.get(Math.min(index, parameters.size() - 1));
	}

	/**
	 * Applies the function; arguments may be null, the result is null where the function
	 * says so.
	 */
	@Nullable Object apply(@Nullable Object[] args, boolean caseInsensitive) {
		return switch (this) {
			case ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO -> arithmetic(args[0], args[1]);
			case BETWEEN -> between(args, caseInsensitive);
			case CIDR_MATCH -> cidrMatch(args);
			case CONCAT -> concat(args);
			case ENDS_WITH, STARTS_WITH, STRING_CONTAINS -> stringTest(args[0], args[1], caseInsensitive);
			case INDEX_OF -> indexOf(args, caseInsensitive);
			case LENGTH -> args[0] == null ? null : (long) Values.text(args[0]).length();
			case NUMBER -> number(args);
			case STRING -> args[0] == null ? null : Values.text(args[0]);
			case SUBSTRING -> substring(args);
		};
	}

	private @Nullable Object arithmetic(@Nullable Object left, @Nullable Object right) {
		if (!(left instanceof Number a) || !(right instanceof Number b)) {
			return null;
		}
		if (a instanceof Long x && b instanceof Long y) {
			return switch (this) {
				case ADD -> x + y;
				case SUBTRACT -> x - y;
				case MULTIPLY -> x * y;
				// Division or remainder by zero has no value: the leaf is false
				// (Elasticsearch fails the search).
				case DIVIDE -> y == 0 ? null : x / y;
				default -> y == 0 ? null : x % y;
			};
		}
		double x = a.doubleValue();
		double y = b.doubleValue();
		return switch (this) {
			case ADD -> x + y;
			case SUBTRACT -> x - y;
			case MULTIPLY -> x * y;
			case DIVIDE -> y == 0 ? null : x / y;
			default -> y == 0 ? null : x % y;
		};
	}

	private static @Nullable Object between(@Nullable Object[] args, boolean caseInsensitive) {
		if (args[0] == null || args[1] == null || args[2] == null) {
			return null;
		}
		String source = Values.text(args[0]);
		String left = Values.text(args[1]);
		String right = Values.text(args[2]);
		boolean greedy = args.length > 3 && Boolean.TRUE.equals(args[3]);
		if (left.isEmpty() || right.isEmpty()) {
			return source;
		}
		int start = caseInsensitive ? Ascii.indexOfIgnoreCase(source, left, 0) : source.indexOf(left);
		if (start < 0) {
			return "";
		}
		start += left.length();
		int end;
		if (greedy) {
			end = -1;
			for (int i = source.length() - right.length(); i >= start && end < 0; i--) {
				if (caseInsensitive ? Ascii.indexOfIgnoreCase(source, right, i) == i : source.startsWith(right, i)) {
					end = i;
				}
			}
		}
		else {
			end = caseInsensitive ? Ascii.indexOfIgnoreCase(source, right, start) : source.indexOf(right, start);
		}
		return end < 0 ? "" : source.substring(start, end);
	}

	private static @Nullable Object cidrMatch(@Nullable Object[] args) {
		if (args[0] == null) {
			return null;
		}
		IpAddress address = args[0] instanceof IpAddress ip ? ip : IpAddress.parse(Values.text(args[0])).orElse(null);
		if (address == null) {
			return false;
		}
		for (int i = 1; i < args.length; i++) {
			if (args[i] == null) {
				return null;
			}
			Optional<Cidr> cidr = Cidr.parse(Values.text(args[i]));
			if (cidr.isPresent() && cidr.get().contains(address)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable Object concat(@Nullable Object[] args) {
		StringBuilder out = new StringBuilder();
		for (Object arg : args) {
			if (arg == null) {
				return null;
			}
			out.append(Values.text(arg));
		}
		return out.toString();
	}

	private @Nullable Object stringTest(@Nullable Object sourceArg, @Nullable Object partArg, boolean caseInsensitive) {
		if (sourceArg == null || partArg == null) {
			return null;
		}
		String source = Values.text(sourceArg);
		String part = Values.text(partArg);
		return switch (this) {
			case STARTS_WITH -> caseInsensitive ? Ascii.startsWithIgnoreCase(source, part) : source.startsWith(part);
			case ENDS_WITH -> caseInsensitive ? Ascii.endsWithIgnoreCase(source, part) : source.endsWith(part);
			// Documented: stringContains(x, "") is false, unlike String.contains.
			default -> !part.isEmpty()
					&& (caseInsensitive ? Ascii.indexOfIgnoreCase(source, part, 0) >= 0 : source.contains(part));
		};
	}

	private static @Nullable Object indexOf(@Nullable Object[] args, boolean caseInsensitive) {
		if (args[0] == null || args[1] == null) {
			return null;
		}
		String source = Values.text(args[0]);
		String part = Values.text(args[1]);
		long start = args.length > 2 && args[2] instanceof Number number ? Math.max(0, number.longValue()) : 0;
		if (start > source.length()) {
			return null;
		}
		int found = caseInsensitive ? Ascii.indexOfIgnoreCase(source, part, (int) start)
				: source.indexOf(part, (int) start);
		return found < 0 ? null : (long) found;
	}

	private static @Nullable Object number(@Nullable Object[] args) {
		if (args[0] == null) {
			return null;
		}
		if (args[0] instanceof Number number) {
			return number;
		}
		String text = Values.text(args[0]);
		Integer base = args.length > 1 && args[1] instanceof Number number ? number.intValue() : null;
		if (base == null && (text.startsWith("0x") || text.startsWith("0X"))) {
			base = 16;
		}
		try {
			if (base == null || base == 10) {
				return Values.number(text);
			}
			String digits = base == 16 && (text.startsWith("0x") || text.startsWith("0X")) ? text.substring(2) : text;
			return (long) Integer.parseInt(digits, base);
		}
		catch (NumberFormatException ex) {
			// Elasticsearch fails the search; a streaming leaf is simply false.
			return null;
		}
	}

	/** Python-style slice: negative offsets count from the end. */
	private static @Nullable Object substring(@Nullable Object[] args) {
		if (args[0] == null || !(args[1] instanceof Number startArg)) {
			return null;
		}
		String source = Values.text(args[0]);
		int length = source.length();
		long start = startArg.longValue();
		long end = args.length > 2 && args[2] instanceof Number endArg ? endArg.longValue() : length;
		start = start < 0 ? Math.max(0, start + length) : start;
		end = end < 0 ? Math.max(0, end + length) : Math.min(end, length);
		return start >= end || start > length ? "" : source.substring((int) start, (int) end);
	}

	/** The kinds of value the verifier reasons about. */
	public enum Kind {

		STRING, NUMBER, BOOLEAN, IP, DATE, ANY

	}

}
