package io.vigil.eql.ast;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** An EQL expression. */
public sealed interface Expr {

	Span span();

	/**
	 * A constant: {@code null}, a {@link Boolean}, a {@link Long}, a {@link Double} or a
	 * {@link String}.
	 */
	record Literal(@Nullable Object value, Span span) implements Expr {
	}

	/**
	 * A field reference.
	 *
	 * @param path dotted path as written, backquoted segments unquoted
	 * @param optional written {@code ?field}: may be absent from every event
	 */
	record Field(String path, boolean optional, Span span) implements Expr {
	}

	record Not(Expr operand, Span span) implements Expr {
	}

	/**
	 * Conjunction of two or more operands; chains are kept flat so long rules do not nest
	 * deeply.
	 */
	record And(List<Expr> operands, Span span) implements Expr {

		public And {
			operands = List.copyOf(operands);
		}

	}

	/** Disjunction of two or more operands, kept flat like {@link And}. */
	record Or(List<Expr> operands, Span span) implements Expr {

		public Or {
			operands = List.copyOf(operands);
		}

	}

	record Comparison(ComparisonOperator operator, Expr left, Expr right, Span span) implements Expr {
	}

	/** {@code value in (candidates)} or, case-insensitive, {@code in~}. */
	record InList(Expr value, List<Expr> candidates, boolean caseInsensitive, Span span) implements Expr {

		public InList {
			candidates = List.copyOf(candidates);
		}

	}

	/**
	 * {@code :}, {@code like}, {@code like~}, {@code regex}, {@code regex~} with one or
	 * more patterns.
	 */
	record Match(MatchOperator operator, Expr value, List<Expr> patterns, Span span) implements Expr {

		public Match {
			patterns = List.copyOf(patterns);
		}

	}

	record Arithmetic(ArithmeticOperator operator, Expr left, Expr right, Span span) implements Expr {
	}

	record Negate(Expr operand, Span span) implements Expr {
	}

	/**
	 * A function call.
	 *
	 * @param name as written, without the {@code ~}
	 * @param caseInsensitive written with the {@code ~} suffix
	 */
	record FunctionCall(String name, boolean caseInsensitive, List<Expr> arguments, Span span) implements Expr {

		public FunctionCall {
			arguments = List.copyOf(arguments);
		}

	}

	/** Comparison operators and their EQL spelling. */
	enum ComparisonOperator {

		EQ("=="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">=");

		private final String symbol;

		ComparisonOperator(String symbol) {
			this.symbol = symbol;
		}

		public String symbol() {
			return symbol;
		}

	}

	/** Pattern operators and their EQL spelling. */
	enum MatchOperator {

		SEQ(":", false, true), LIKE("like", false, false), LIKE_INSENSITIVE("like~", false, true),
		REGEX("regex", true, false), REGEX_INSENSITIVE("regex~", true, true);

		private final String symbol;

		private final boolean regex;

		private final boolean caseInsensitive;

		MatchOperator(String symbol, boolean regex, boolean caseInsensitive) {
			this.symbol = symbol;
			this.regex = regex;
			this.caseInsensitive = caseInsensitive;
		}

		public String symbol() {
			return symbol;
		}

		public boolean regex() {
			return regex;
		}

		public boolean caseInsensitive() {
			return caseInsensitive;
		}

	}

	/** Arithmetic operators, from the tightest binding. */
	enum ArithmeticOperator {

		MULTIPLY("*", 2), DIVIDE("/", 2), MODULO("%", 2), ADD("+", 1), SUBTRACT("-", 1);

		private final String symbol;

		private final int precedence;

		ArithmeticOperator(String symbol, int precedence) {
			this.symbol = symbol;
			this.precedence = precedence;
		}

		public String symbol() {
			return symbol;
		}

		public int precedence() {
			return precedence;
		}

	}

}
