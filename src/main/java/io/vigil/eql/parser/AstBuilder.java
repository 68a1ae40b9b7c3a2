package io.vigil.eql.parser;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

import io.vigil.eql.ast.Expr;
import io.vigil.eql.ast.Expr.ArithmeticOperator;
import io.vigil.eql.ast.Expr.ComparisonOperator;
import io.vigil.eql.ast.Expr.Field;
import io.vigil.eql.ast.Expr.Literal;
import io.vigil.eql.ast.Expr.MatchOperator;
import io.vigil.eql.ast.Problem;
import io.vigil.eql.ast.Query;
import io.vigil.eql.ast.Query.EventFilter;
import io.vigil.eql.ast.Query.MaxSpan;
import io.vigil.eql.ast.Query.Stage;
import io.vigil.eql.ast.Span;
import io.vigil.eql.ast.Statement;
import io.vigil.eql.parser.EqlParser.ArithmeticBinaryContext;
import io.vigil.eql.parser.EqlParser.ArithmeticUnaryContext;
import io.vigil.eql.parser.EqlParser.BooleanExpressionContext;
import io.vigil.eql.parser.EqlParser.ComparisonContext;
import io.vigil.eql.parser.EqlParser.ConstantContext;
import io.vigil.eql.parser.EqlParser.ConstantDefaultContext;
import io.vigil.eql.parser.EqlParser.DereferenceContext;
import io.vigil.eql.parser.EqlParser.FunctionCallContext;
import io.vigil.eql.parser.EqlParser.LogicalAndContext;
import io.vigil.eql.parser.EqlParser.LogicalNotContext;
import io.vigil.eql.parser.EqlParser.LogicalOrContext;
import io.vigil.eql.parser.EqlParser.ParenthesizedContext;
import io.vigil.eql.parser.EqlParser.PredicateContext;
import io.vigil.eql.parser.EqlParser.PredicatedContext;
import io.vigil.eql.parser.EqlParser.ValueContext;
import io.vigil.eql.parser.EqlParser.ValueExpressionContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.jspecify.annotations.Nullable;

/**
 * Builds the syntax tree from ANTLR's parse tree, decoding literals and rejecting the
 * forms the grammar accepts only to explain them. Collects every problem; one instance
 * per parse.
 */
final class AstBuilder {

	/**
	 * Value expressions nest by recursion here; chains of and/or are flattened without
	 * it.
	 */
	private static final int MAX_DEPTH = 200;

	/** The one integer literal that is only valid negated. */
	private static final String LONG_MIN_MAGNITUDE = "9223372036854775808";

	private static final List<String> UNITS = List.of("ms", "s", "m", "h", "d");

	private final List<Problem> problems = new ArrayList<>();

	private int depth;

	List<Problem> problems() {
		return problems;
	}

	Statement statement(EqlParser.StatementContext ctx) {
		Query query = query(ctx.query());
		List<Statement.Pipe> pipes = ctx.pipe()
			.stream()
			.map(pipe -> new Statement.Pipe(pipe.name.getText(),
					pipe.pipeArgument().stream().map(argument -> expression(argument.expression())).toList(),
					span(pipe)))
			.toList();
		return new Statement(query, pipes);
	}

	private Query query(EqlParser.QueryContext ctx) {
		if (ctx.sequence() != null) {
			return sequence(ctx.sequence());
		}
		if (ctx.sample() != null) {
			return sample(ctx.sample());
		}
		return new Query.EventQuery(eventFilter(ctx.eventQuery().eventFilter()));
	}

	private Query sequence(EqlParser.SequenceContext ctx) {
		if (ctx.lateBy != null) {
			problems.add(Problem.error(span(ctx.lateBy),
					"specify [by] before [with maxspan], as in [sequence by host.id with maxspan=30s]"));
		}
		List<Field> keys = ctx.by != null ? joinKeys(ctx.by) : ctx.lateBy != null ? joinKeys(ctx.lateBy) : List.of();
		MaxSpan maxspan = ctx.span != null ? maxspan(ctx.span) : null;
		List<Stage> stages = ctx.sequenceStage().stream().map(this::stage).toList();
		Stage until = null;
		if (ctx.untilStage() != null) {
			EqlParser.UntilStageContext untilCtx = ctx.untilStage();
			until = new Stage(eventFilter(untilCtx.eventFilter()),
					untilCtx.joinKeys() != null ? joinKeys(untilCtx.joinKeys()) : List.of(), 1, false, span(untilCtx));
		}
		return new Query.Sequence(keys, maxspan, stages, until);
	}

	private Query sample(EqlParser.SampleContext ctx) {
		if (ctx.maxspan() != null) {
			problems.add(Problem.error(span(ctx.maxspan()), "[sample] does not support [with maxspan]"));
		}
		List<Stage> stages = ctx.sequenceStage().stream().map(this::stage).toList();
		for (int i = 0; i < stages.size(); i++) {
			EqlParser.SequenceStageContext stageCtx = ctx.sequenceStage(i);
			if (stageCtx.missing != null) {
				problems.add(Problem.error(span(stageCtx), "[sample] does not support missing-event stages [![...]]"));
			}
			if (stageCtx.runs != null) {
				problems.add(Problem.error(span(stageCtx.runs), "[sample] does not support [with runs]"));
			}
		}
		return new Query.Sample(ctx.joinKeys() != null ? joinKeys(ctx.joinKeys()) : List.of(), stages);
	}

	private @Nullable MaxSpan maxspan(EqlParser.MaxspanContext ctx) {
		EqlParser.TimeUnitContext time = ctx.timeUnit();
		Span where = span(time);
		if (!(time.number() instanceof EqlParser.IntegerLiteralContext)) {
			problems.add(Problem.error(where, "maxspan must be a whole number with a unit (ms, s, m, h, d), found [%s]"
				.formatted(time.getText())));
			return null;
		}
		if (time.unit == null || !UNITS.contains(time.unit.getText())) {
			problems.add(Problem.error(where,
					"maxspan needs a unit of ms, s, m, h or d, found [%s]".formatted(time.getText())));
			return null;
		}
		Long amount = integer(time.number().getStart());
		if (amount == null) {
			return null;
		}
		if (amount <= 0) {
			problems.add(Problem.error(where, "maxspan must be positive, found [%s]".formatted(time.getText())));
			return null;
		}
		return new MaxSpan(amount, time.unit.getText());
	}

	private Stage stage(EqlParser.SequenceStageContext ctx) {
		int runs = 1;
		if (ctx.runs != null) {
			Long value = ctx.runs instanceof EqlParser.IntegerLiteralContext ? integer(ctx.runs.getStart()) : null;
			if (value == null || value < 1 || value > 100) {
				problems.add(Problem.error(span(ctx.runs),
						"runs must be a whole number from 1 to 100, found [%s]".formatted(ctx.runs.getText())));
			}
			else {
				runs = value.intValue();
			}
		}
		return new Stage(eventFilter(ctx.eventFilter()), ctx.joinKeys() != null ? joinKeys(ctx.joinKeys()) : List.of(),
				runs, ctx.missing != null, span(ctx));
	}

	private List<Field> joinKeys(EqlParser.JoinKeysContext ctx) {
		return ctx.joinKey().stream().map(key -> field(key.field(), key.optional != null, span(key))).toList();
	}

	private EventFilter eventFilter(EqlParser.EventFilterContext ctx) {
		String category = null;
		if (ctx.category != null) {
			Token token = ctx.category.getStart();
			category = token.getType() == EqlLexer.STRING ? string(token) : token.getText();
		}
		return new EventFilter(category, expression(ctx.condition), span(ctx));
	}

	private Expr expression(EqlParser.ExpressionContext ctx) {
		return booleanExpression(ctx.booleanExpression());
	}

	private Expr booleanExpression(BooleanExpressionContext ctx) {
		return switch (ctx) {
			case LogicalAndContext and -> new Expr.And(flatten(and, LogicalAndContext.class), span(ctx));
			case LogicalOrContext or -> new Expr.Or(flatten(or, LogicalOrContext.class), span(ctx));
			case LogicalNotContext not ->
				nested(() -> new Expr.Not(booleanExpression(not.booleanExpression()), span(ctx)), ctx);
			case PredicatedContext predicated -> predicated(predicated);
			default -> throw new IllegalStateException("unexpected " + ctx.getClass().getSimpleName());
		};
	}

	/**
	 * Collects the operands of a chain such as {@code a and b and c} without recursing
	 * along it.
	 */
	private <T extends BooleanExpressionContext> List<Expr> flatten(T root, Class<T> kind) {
		List<Expr> operands = new ArrayList<>();
		Deque<BooleanExpressionContext> pending = new ArrayDeque<>();
		pending.push(root);
		while (!pending.isEmpty()) {
			BooleanExpressionContext next = pending.pop();
			if (kind.isInstance(next)) {
				// push right first so the left operand is taken first
				pending.push((BooleanExpressionContext) next.getChild(2));
				pending.push((BooleanExpressionContext) next.getChild(0));
			}
			else {
				operands.add(booleanExpression(next));
			}
		}
		return operands;
	}

	private Expr predicated(PredicatedContext ctx) {
		Expr value = valueExpression(ctx.valueExpression());
		PredicateContext predicate = ctx.predicate();
		if (predicate == null) {
			return value;
		}
		Span span = span(ctx);
		List<Expr> operands = predicate.valueExpression() != null
				? List.of(valueExpression(predicate.valueExpression()))
				: predicate.expression().stream().map(this::expression).toList();
		return switch (predicate.kind.getType()) {
			case EqlLexer.IN, EqlLexer.IN_INSENSITIVE -> {
				Expr in = new Expr.InList(value, operands, predicate.kind.getType() == EqlLexer.IN_INSENSITIVE, span);
				yield predicate.NOT() != null ? new Expr.Not(in, span) : in;
			}
			case EqlLexer.SEQ -> new Expr.Match(MatchOperator.SEQ, value, operands, span);
			case EqlLexer.LIKE -> new Expr.Match(MatchOperator.LIKE, value, operands, span);
			case EqlLexer.LIKE_INSENSITIVE -> new Expr.Match(MatchOperator.LIKE_INSENSITIVE, value, operands, span);
			case EqlLexer.REGEX -> new Expr.Match(MatchOperator.REGEX, value, operands, span);
			case EqlLexer.REGEX_INSENSITIVE -> new Expr.Match(MatchOperator.REGEX_INSENSITIVE, value, operands, span);
			default -> throw new IllegalStateException("unexpected predicate " + predicate.kind.getText());
		};
	}

	private Expr valueExpression(ValueExpressionContext ctx) {
		return nested(() -> switch (ctx) {
			case ValueContext value -> primary(value.primaryExpression());
			case ArithmeticUnaryContext unary ->
				unary.valueExpression().getText().equals(LONG_MIN_MAGNITUDE) ? new Literal(Long.MIN_VALUE, span(ctx))
						: negate(valueExpression(unary.valueExpression()), span(ctx));
			case ArithmeticBinaryContext binary -> new Expr.Arithmetic(arithmeticOperator(binary.operator),
					valueExpression(binary.left), valueExpression(binary.right), span(ctx));
			case ComparisonContext comparison -> comparison(comparison);
			default -> throw new IllegalStateException("unexpected " + ctx.getClass().getSimpleName());
		}, ctx);
	}

	private Expr comparison(ComparisonContext ctx) {
		Token operator = ctx.comparisonOperator().getStart();
		ComparisonOperator op = switch (operator.getType()) {
			case EqlLexer.EQ -> ComparisonOperator.EQ;
			case EqlLexer.NEQ -> ComparisonOperator.NEQ;
			case EqlLexer.LT -> ComparisonOperator.LT;
			case EqlLexer.LTE -> ComparisonOperator.LTE;
			case EqlLexer.GT -> ComparisonOperator.GT;
			case EqlLexer.GTE -> ComparisonOperator.GTE;
			default -> {
				problems.add(Problem.error(span(operator),
						"[=] is not an equality operator; use [==] instead, or [:] to ignore case"));
				yield ComparisonOperator.EQ;
			}
		};
		return new Expr.Comparison(op, valueExpression(ctx.left), valueExpression(ctx.right), span(ctx));
	}

	private static ArithmeticOperator arithmeticOperator(Token token) {
		return switch (token.getType()) {
			case EqlLexer.ASTERISK -> ArithmeticOperator.MULTIPLY;
			case EqlLexer.SLASH -> ArithmeticOperator.DIVIDE;
			case EqlLexer.PERCENT -> ArithmeticOperator.MODULO;
			case EqlLexer.PLUS -> ArithmeticOperator.ADD;
			default -> ArithmeticOperator.SUBTRACT;
		};
	}

	/** {@code -5} is a negative literal, not an operation on 5. */
	private static Expr negate(Expr operand, Span span) {
		if (operand instanceof Literal(Long value, Span ignored)) {
			return new Literal(-value, span);
		}
		if (operand instanceof Literal(Double value, Span ignored)) {
			return new Literal(-value, span);
		}
		return new Expr.Negate(operand, span);
	}

	private Expr primary(EqlParser.PrimaryExpressionContext ctx) {
		return switch (ctx) {
			case ConstantDefaultContext constant -> constant(constant.constant());
			case DereferenceContext dereference -> field(dereference.field(), dereference.optional != null, span(ctx));
			case ParenthesizedContext parenthesized -> expression(parenthesized.expression());
			case FunctionCallContext call -> {
				Token name = call.functionName().getStart();
				boolean insensitive = name.getType() == EqlLexer.INSENSITIVE_IDENTIFIER;
				String text = insensitive ? name.getText().substring(0, name.getText().length() - 1) : name.getText();
				yield new Expr.FunctionCall(text, insensitive,
						call.expression().stream().map(this::expression).toList(), span(ctx));
			}
			default -> throw new IllegalStateException("unexpected " + ctx.getClass().getSimpleName());
		};
	}

	private Expr constant(ConstantContext ctx) {
		Span span = span(ctx);
		Token token = ctx.getStart();
		return switch (token.getType()) {
			case EqlLexer.NULL -> new Literal(null, span);
			case EqlLexer.TRUE -> new Literal(true, span);
			case EqlLexer.FALSE -> new Literal(false, span);
			case EqlLexer.STRING -> new Literal(string(token), span);
			case EqlLexer.INTEGER_VALUE -> new Literal(integerOrZero(token), span);
			case EqlLexer.DECIMAL_VALUE -> new Literal(Double.parseDouble(token.getText()), span);
			default -> {
				problems.add(Problem.error(span,
						"single-quoted strings are not supported by Elasticsearch EQL; use double quotes [\"%s\"]"
							.formatted(token.getText().substring(1, token.getText().length() - 1))));
				yield new Literal(null, span);
			}
		};
	}

	private Field field(EqlParser.FieldContext ctx, boolean optional, Span span) {
		StringBuilder path = new StringBuilder();
		for (EqlParser.FieldSegmentContext segment : ctx.fieldSegment()) {
			if (!path.isEmpty()) {
				path.append('.');
			}
			String text = segment.getText();
			path.append(segment.QUOTED_IDENTIFIER() != null ? text.substring(1, text.length() - 1).replace("``", "`")
					: text);
		}
		return new Field(path.toString(), optional, span);
	}

	private long integerOrZero(Token token) {
		Long value = integer(token);
		return value == null ? 0 : value;
	}

	private @Nullable Long integer(Token token) {
		BigInteger value = new BigInteger(token.getText());
		if (value.bitLength() > 63) {
			problems.add(Problem.error(span(token), "number [%s] is too large".formatted(token.getText())));
			return null;
		}
		return value.longValue();
	}

	/**
	 * Decodes a string token: raw {@code """..."""} as is, {@code "..."} with its
	 * escapes.
	 */
	private String string(Token token) {
		String text = token.getText();
		if (text.startsWith("\"\"\"") && text.length() >= 6) {
			return text.substring(3, text.length() - 3);
		}
		StringBuilder out = new StringBuilder(text.length());
		int base = token.getStartIndex();
		for (int i = 1; i < text.length() - 1; i++) {
			char c = text.charAt(i);
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char escaped = text.charAt(++i);
			switch (escaped) {
				case 'b' -> out.append('\b');
				case 't' -> out.append('\t');
				case 'n' -> out.append('\n');
				case 'f' -> out.append('\f');
				case 'r' -> out.append('\r');
				case '"', '\'', '\\' -> out.append(escaped);
				case 'u' -> i = unicodeEscape(text, i, base, out);
				default -> problems.add(Problem.error(new Span(base + i - 1, base + i + 1),
						"invalid escape [\\%s]; valid escapes are \\b \\t \\n \\f \\r \\\" \\' \\\\ and \\u{XXXX}"
							.formatted(escaped)));
			}
		}
		return out.toString();
	}

	/**
	 * Decodes {@code \\u{X..}} (2 to 8 hex digits) at {@code i} (the 'u'); returns the
	 * index of its last char.
	 */
	private int unicodeEscape(String text, int i, int base, StringBuilder out) {
		boolean braced = i + 1 < text.length() - 1 && text.charAt(i + 1) == '{';
		int close = braced ? text.indexOf('}', i) : -1;
		String digits = close > 0 ? text.substring(i + 2, close) : "";
		if (!digits.matches("[0-9a-fA-F]{2,8}") || Long.parseLong(digits, 16) > Character.MAX_CODE_POINT) {
			int end = close > 0 ? close + 1 : i + 1;
			problems.add(Problem.error(new Span(base + i - 1, base + end),
					"invalid unicode escape [%s]; write \\u{XXXX} with 2 to 8 hex digits of a code point"
						.formatted(text.substring(i - 1, end))));
			return end - 1;
		}
		out.appendCodePoint(Integer.parseInt(digits, 16));
		return close;
	}

	private Expr nested(Supplier<Expr> build, ParserRuleContext ctx) {
		if (depth >= MAX_DEPTH) {
			problems.add(Problem.error(span(ctx), "expression nests deeper than %d levels".formatted(MAX_DEPTH)));
			return new Literal(null, span(ctx));
		}
		depth++;
		try {
			return build.get();
		}
		finally {
			depth--;
		}
	}

	private static Span span(ParserRuleContext ctx) {
		Token stop = ctx.getStop() != null ? ctx.getStop() : ctx.getStart();
		return new Span(ctx.getStart().getStartIndex(),
				Math.max(ctx.getStart().getStartIndex(), stop.getStopIndex() + 1));
	}

	private static Span span(Token token) {
		return new Span(token.getStartIndex(), token.getStopIndex() + 1);
	}

}
