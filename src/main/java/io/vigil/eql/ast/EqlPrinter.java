package io.vigil.eql.ast;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.vigil.eql.ast.Expr.And;
import io.vigil.eql.ast.Expr.Arithmetic;
import io.vigil.eql.ast.Expr.Comparison;
import io.vigil.eql.ast.Expr.Field;
import io.vigil.eql.ast.Expr.FunctionCall;
import io.vigil.eql.ast.Expr.InList;
import io.vigil.eql.ast.Expr.Literal;
import io.vigil.eql.ast.Expr.Match;
import io.vigil.eql.ast.Expr.Negate;
import io.vigil.eql.ast.Expr.Not;
import io.vigil.eql.ast.Expr.Or;
import io.vigil.eql.ast.Query.EventFilter;
import io.vigil.eql.ast.Query.Stage;

/**
 * Prints a syntax tree as canonical EQL: one spelling per construct, the fewest
 * parentheses that keep the meaning, strings in double quotes with escapes. Parsing the
 * output gives the same tree.
 */
public final class EqlPrinter {

	private static final EqlPrinter AS_WRITTEN = new EqlPrinter(UnaryOperator.identity());

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_@][a-zA-Z0-9_@]*");

	/** Words that cannot stand as a bare first field segment or category. */
	private static final Set<String> KEYWORDS = Set.of("and", "any", "by", "false", "in", "like", "maxspan", "not",
			"null", "or", "regex", "runs", "sample", "sequence", "true", "until", "where", "with");

	/** Spells a function name, for instance as the function's documentation does. */
	private final UnaryOperator<String> functionNames;

	private EqlPrinter(UnaryOperator<String> functionNames) {
		this.functionNames = functionNames;
	}

	/** A printer that spells function names through {@code functionNames}. */
	public static EqlPrinter withFunctionNames(UnaryOperator<String> functionNames) {
		return new EqlPrinter(functionNames);
	}

	/** Prints function names as written. */
	public static String print(Statement statement) {
		return AS_WRITTEN.statement(statement);
	}

	/** Prints an expression, function names as written. */
	public static String expression(Expr expr) {
		return AS_WRITTEN.expr(expr);
	}

	public String statement(Statement statement) {
		StringBuilder out = new StringBuilder(query(statement.query()));
		for (Statement.Pipe pipe : statement.pipes()) {
			out.append(" | ").append(pipe.name());
			if (!pipe.arguments().isEmpty()) {
				out.append(' ').append(list(pipe.arguments()));
			}
		}
		return out.toString();
	}

	public String query(Query query) {
		return switch (query) {
			case Query.EventQuery event -> filter(event.filter());
			case Query.Sequence sequence -> {
				StringBuilder out = new StringBuilder("sequence");
				if (!sequence.keys().isEmpty()) {
					out.append(" by ").append(list(sequence.keys()));
				}
				if (sequence.maxspan() != null) {
					out.append(" with maxspan=").append(sequence.maxspan().amount()).append(sequence.maxspan().unit());
				}
				sequence.stages().forEach(stage -> out.append("\n  ").append(stage(stage)));
				if (sequence.until() != null) {
					out.append("\nuntil ").append(stage(sequence.until()));
				}
				yield out.toString();
			}
			case Query.Sample sample -> {
				StringBuilder out = new StringBuilder("sample");
				if (!sample.keys().isEmpty()) {
					out.append(" by ").append(list(sample.keys()));
				}
				sample.stages().forEach(stage -> out.append("\n  ").append(stage(stage)));
				yield out.toString();
			}
		};
	}

	private String stage(Stage stage) {
		StringBuilder out = new StringBuilder(stage.missing() ? "![" : "[").append(filter(stage.filter())).append(']');
		if (!stage.keys().isEmpty()) {
			out.append(" by ").append(list(stage.keys()));
		}
		if (stage.runs() != 1) {
			out.append(" with runs=").append(stage.runs());
		}
		return out.toString();
	}

	private String filter(EventFilter filter) {
		String category = filter.category() == null ? "any"
				: isBareWord(filter.category()) ? filter.category() : string(filter.category());
		return category + " where " + expr(filter.condition());
	}

	private String expr(Expr expr) {
		return switch (expr) {
			case Or or -> or.operands().stream().map(this::expr).collect(Collectors.joining(" or "));
			case And and -> and.operands()
				.stream()
				.map(operand -> operand instanceof Or ? "(" + expr(operand) + ")" : expr(operand))
				.collect(Collectors.joining(" and "));
			case Not(InList in, Span ignored) -> predicateOperand(in.value()) + " not " + inList(in);
			case Not not -> "not " + (not.operand() instanceof And || not.operand() instanceof Or
					? "(" + expr(not.operand()) + ")" : expr(not.operand()));
			case InList in -> predicateOperand(in.value()) + " " + inList(in);
			case Match match ->
				predicateOperand(match.value()) + " " + match.operator().symbol() + " " + (match.patterns().size() == 1
						? value(match.patterns().getFirst(), 0) : "(" + list(match.patterns()) + ")");
			case Comparison comparison -> predicateOperand(comparison.left()) + " " + comparison.operator().symbol()
					+ " " + predicateOperand(comparison.right());
			default -> value(expr, 0);
		};
	}

	private String inList(InList in) {
		return (in.caseInsensitive() ? "in~" : "in") + " (" + list(in.candidates()) + ")";
	}

	/**
	 * An operand of a comparison or predicate: anything but arithmetic needs parentheses
	 * to nest.
	 */
	private String predicateOperand(Expr expr) {
		return isValue(expr) ? value(expr, 0) : "(" + expr(expr) + ")";
	}

	private static boolean isValue(Expr expr) {
		return expr instanceof Literal || expr instanceof Field || expr instanceof FunctionCall
				|| expr instanceof Arithmetic || expr instanceof Negate;
	}

	/**
	 * A value expression inside arithmetic whose operator binds with {@code precedence}.
	 */
	private String value(Expr expr, int precedence) {
		return switch (expr) {
			case Literal literal -> literal(literal.value());
			case Field field -> field(field);
			case FunctionCall call -> functionNames.apply(call.name()) + (call.caseInsensitive() ? "~" : "") + "("
					+ list(call.arguments()) + ")";
			case Negate negate -> "-" + (negate.operand() instanceof Literal || negate.operand() instanceof Field
					|| negate.operand() instanceof FunctionCall ? value(negate.operand(), 3)
							: "(" + expr(negate.operand()) + ")");
			case Arithmetic arithmetic -> {
				int own = arithmetic.operator().precedence();
				String text = value(arithmetic.left(), own) + " " + arithmetic.operator().symbol() + " "
						+ value(arithmetic.right(), own + 1);
				yield own < precedence ? "(" + text + ")" : text;
			}
			default -> "(" + expr(expr) + ")";
		};
	}

	private String list(List<? extends Expr> exprs) {
		return exprs.stream()
			.map(expr -> isValue(expr) ? value(expr, 0) : expr(expr))
			.collect(Collectors.joining(", "));
	}

	private static String field(Field field) {
		StringBuilder out = new StringBuilder(field.optional() ? "?" : "");
		String[] segments = field.path().split("\\.", -1);
		for (int i = 0; i < segments.length; i++) {
			if (i > 0) {
				out.append('.');
			}
			boolean bare = IDENTIFIER.matcher(segments[i]).matches() && (i > 0 || !KEYWORDS.contains(segments[i]));
			out.append(bare ? segments[i] : "`" + segments[i].replace("`", "``") + "`");
		}
		return out.toString();
	}

	public static String literal(Object value) {
		return switch (value) {
			case null -> "null";
			case String string -> string(string);
			default -> value.toString();
		};
	}

	private static boolean isBareWord(String word) {
		return IDENTIFIER.matcher(word).matches() && !KEYWORDS.contains(word);
	}

	/** A double-quoted string; escapes the quote, backslash and control characters. */
	private static String string(String value) {
		StringBuilder out = new StringBuilder("\"");
		value.codePoints().forEach(c -> {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT) {
						out.append("\\u{").append("%02x".formatted(c)).append('}');
					}
					else {
						out.appendCodePoint(c);
					}
				}
			}
		});
		return out.append('"').toString();
	}

}
