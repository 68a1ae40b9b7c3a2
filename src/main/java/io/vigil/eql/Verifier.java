package io.vigil.eql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.vigil.eql.ast.EqlPrinter;
import io.vigil.eql.ast.Expr;
import io.vigil.eql.ast.Expr.Arithmetic;
import io.vigil.eql.ast.Expr.Comparison;
import io.vigil.eql.ast.Expr.Field;
import io.vigil.eql.ast.Expr.FunctionCall;
import io.vigil.eql.ast.Expr.InList;
import io.vigil.eql.ast.Expr.Literal;
import io.vigil.eql.ast.Expr.Match;
import io.vigil.eql.ast.Expr.MatchOperator;
import io.vigil.eql.ast.Expr.Negate;
import io.vigil.eql.ast.Problem;
import io.vigil.eql.ast.Query;
import io.vigil.eql.ast.Query.Stage;
import io.vigil.eql.ast.Span;
import io.vigil.eql.ast.Statement;
import io.vigil.eql.eval.Coercion;
import io.vigil.eql.eval.EqlFunction;
import io.vigil.eql.eval.EqlFunction.Kind;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.eql.schema.FieldType;
import io.vigil.eql.value.Cidr;
import org.apache.lucene.util.automaton.RegExp;
import org.jspecify.annotations.Nullable;

/**
 * Checks a parsed statement against the rules Elasticsearch's EQL verifier applies, and
 * the limits of a streaming engine, collecting every problem rather than stopping at the
 * first.
 */
final class Verifier {

	/** Functions of the Endgame dialect, which Elasticsearch does not have. */
	private static final List<String> ENDGAME_FUNCTIONS = List.of("arraycontains", "arraycount", "arraysearch", "match",
			"matchlite", "safe");

	private final FieldSchema schema;

	private final List<Problem> problems = new ArrayList<>();

	private Verifier(FieldSchema schema) {
		this.schema = schema;
	}

	static List<Problem> verify(Statement statement, FieldSchema schema) {
		Verifier verifier = new Verifier(schema);
		verifier.statement(statement);
		return List.copyOf(verifier.problems);
	}

	private void statement(Statement statement) {
		for (Statement.Pipe pipe : statement.pipes()) {
			String name = pipe.name();
			problems.add(Problem.error(pipe.span(),
					name.equals("head") || name.equals("tail")
							? "pipe [%s] is not supported in streaming rules: every match is an alert".formatted(name)
							: "pipe [%s] is not supported by Elasticsearch EQL, which has only [head] and [tail]"
								.formatted(name)));
		}
		switch (statement.query()) {
			case Query.EventQuery event -> condition(event.filter().condition());
			case Query.Sequence sequence -> sequence(sequence);
			case Query.Sample sample -> sample(sample);
		}
	}

	private void sequence(Query.Sequence sequence) {
		int positive = 0;
		int total = 0;
		boolean missing = false;
		for (Stage stage : sequence.stages()) {
			condition(stage.filter().condition());
			total += stage.runs();
			if (stage.missing()) {
				missing = true;
			}
			else {
				positive += stage.runs();
			}
		}
		Span whole = sequence.stages().getFirst().span().to(sequence.stages().getLast().span());
		if (total < 2) {
			problems.add(Problem.error(whole, "a sequence needs at least 2 stages, found [%d]".formatted(total)));
		}
		if (missing && positive == 0) {
			problems.add(Problem.error(whole, "a sequence needs at least one stage that is not a missing-event stage"));
		}
		if (missing && sequence.maxspan() == null) {
			Stage first = sequence.stages().stream().filter(Stage::missing).findFirst().orElseThrow();
			problems.add(Problem.error(first.span(),
					"missing-event stages [![...]] need [with maxspan=...] on the sequence"));
		}
		if (sequence.until() != null) {
			condition(sequence.until().filter().condition());
		}
		List<Stage> withUntil = new ArrayList<>(sequence.stages());
		if (sequence.until() != null) {
			withUntil.add(sequence.until());
		}
		joinKeys(sequence.keys(), withUntil, "sequence");
	}

	private void sample(Query.Sample sample) {
		sample.stages().forEach(stage -> condition(stage.filter().condition()));
		if (sample.stages().size() < 2) {
			problems.add(Problem.error(sample.stages().getFirst().span(),
					"a sample needs at least 2 stages, found [%d]".formatted(sample.stages().size())));
		}
		joinKeys(sample.keys(), sample.stages(), "sample");
	}

	private void joinKeys(List<Field> shared, List<Stage> stages, String kind) {
		int expected = shared.size() + stages.getFirst().keys().size();
		for (Stage stage : stages) {
			int count = shared.size() + stage.keys().size();
			if (count != expected) {
				problems.add(Problem.error(stage.span(),
						"inconsistent number of join keys in this %s: the first stage has %d, this one has %d"
							.formatted(kind, expected, count)));
			}
		}
	}

	/** A where-clause: must be a condition, every part well typed. */
	private void condition(Expr expr) {
		switch (expr) {
			case Expr.And and -> and.operands().forEach(this::condition);
			case Expr.Or or -> or.operands().forEach(this::condition);
			case Expr.Not not -> condition(not.operand());
			case Comparison comparison -> comparison(comparison);
			case InList in -> inList(in);
			case Match match -> match(match);
			case Field field -> kindOf(field);
			case Literal literal -> {
				if (literal.value() != null && !(literal.value() instanceof Boolean)) {
					problems.add(Problem.error(literal.span(), "a condition must be true or false, found [%s]"
						.formatted(EqlPrinter.literal(literal.value()))));
				}
			}
			case FunctionCall call -> {
				Kind kind = function(call);
				if (kind != Kind.BOOLEAN && kind != Kind.ANY) {
					problems
						.add(Problem.error(call.span(), "a condition must be true or false, found [%s] which returns %s"
							.formatted(EqlPrinter.expression(call), describe(kind))));
				}
			}
			case Arithmetic arithmetic -> notACondition(arithmetic);
			case Negate negate -> notACondition(negate);
		}
	}

	private void notACondition(Expr expr) {
		value(expr);
		problems.add(Problem.error(expr.span(),
				"a condition must be true or false, found the number [%s]".formatted(EqlPrinter.expression(expr))));
	}

	private void comparison(Comparison comparison) {
		Kind left = value(comparison.left());
		Kind right = value(comparison.right());
		List<Field> leftFields = fields(comparison.left());
		List<Field> rightFields = fields(comparison.right());
		if (!leftFields.isEmpty() && !rightFields.isEmpty()
				&& !(leftFields.stream().allMatch(Field::optional) && rightFields.stream().allMatch(Field::optional))) {
			problems.add(
					Problem
						.error(comparison.span(),
								("comparisons between fields are not supported by Elasticsearch EQL: [%s]; "
										+ "compare a field with a literal")
									.formatted(EqlPrinter.expression(comparison))));
			return;
		}
		Field field = comparison.left() instanceof Field f ? f : comparison.right() instanceof Field f ? f : null;
		Expr other = field == comparison.left() ? comparison.right() : comparison.left();
		if (field != null && other instanceof Literal literal && literal.value() != null) {
			literalFits(field, literal);
		}
		else if (left != Kind.ANY && right != Kind.ANY && !compatible(left, right) && !isNull(comparison.left())
				&& !isNull(comparison.right())) {
			problems.add(Problem.error(comparison.span(), "cannot compare %s with %s in [%s]".formatted(describe(left),
					describe(right), EqlPrinter.expression(comparison))));
		}
	}

	private void inList(InList in) {
		value(in.value());
		Field field = in.value() instanceof Field f ? f : null;
		if (in.caseInsensitive() && field != null) {
			stringOnly(field, "in~");
		}
		for (Expr candidate : in.candidates()) {
			value(candidate);
			if (!(candidate instanceof Literal literal)) {
				problems.add(Problem.error(candidate.span(),
						"the list of [in] must hold literals, found [%s]".formatted(EqlPrinter.expression(candidate))));
			}
			else if (field != null && literal.value() != null && !in.caseInsensitive()) {
				literalFits(field, literal);
			}
		}
	}

	private void match(Match match) {
		value(match.value());
		if (match.value() instanceof Field field && match.operator() == MatchOperator.SEQ) {
			stringOnly(field, ":");
		}
		for (Expr pattern : match.patterns()) {
			if (!(pattern instanceof Literal literal) || !(literal.value() instanceof String
					|| literal.value() == null && match.operator() == MatchOperator.SEQ)) {
				problems.add(Problem.error(pattern.span(), "the patterns of [%s] must be strings, found [%s]"
					.formatted(match.operator().symbol(), EqlPrinter.expression(pattern))));
				continue;
			}
			if (match.operator().regex() && literal.value() instanceof String regex) {
				String problem = match.value() instanceof Field ? luceneRegexProblem(regex) : javaRegexProblem(regex);
				if (problem != null) {
					problems.add(Problem.error(pattern.span(),
							"invalid regular expression [%s]: %s".formatted(regex, problem)));
				}
			}
		}
	}

	/** Elasticsearch rejects ':' and 'in~' on fields that do not hold strings. */
	private void stringOnly(Field field, String operator) {
		FieldType type = schema.typeOf(field.path());
		if (type != FieldType.KEYWORD && type != FieldType.UNKNOWN) {
			problems.add(Problem.error(field.span(),
					"[%s] needs a string field, but [%s] is of type [%s]; consider using [%s] instead"
						.formatted(operator, field.path(), typeName(type), operator.equals(":") ? "==" : "in")));
		}
	}

	private void literalFits(Field field, Literal literal) {
		FieldType type = schema.typeOf(field.path());
		if (literal.value() != null && Coercion.literalFor(type, literal.value()) == null) {
			problems.add(Problem.error(literal.span(), "[%s] is not a valid value for [%s] of type [%s]; expected %s"
				.formatted(plain(literal.value()), field.path(), typeName(type), Coercion.expected(type))));
		}
	}

	/** Checks a value expression and returns its kind. */
	private Kind value(Expr expr) {
		return switch (expr) {
			case Literal literal -> kindOf(literal.value());
			case Field field -> kindOf(field);
			case FunctionCall call -> function(call);
			case Arithmetic arithmetic -> {
				numeric(arithmetic.left(), arithmetic.operator().symbol());
				numeric(arithmetic.right(), arithmetic.operator().symbol());
				yield Kind.NUMBER;
			}
			case Negate negate -> {
				numeric(negate.operand(), "-");
				yield Kind.NUMBER;
			}
			default -> {
				condition(expr);
				problems.add(Problem.error(expr.span(),
						"a condition cannot be used as a value: [%s]".formatted(EqlPrinter.expression(expr))));
				yield Kind.BOOLEAN;
			}
		};
	}

	private void numeric(Expr operand, String operator) {
		Kind kind = value(operand);
		if (kind != Kind.NUMBER && kind != Kind.ANY && !isNull(operand)) {
			problems.add(Problem.error(operand.span(), "[%s] needs numbers, found [%s] which is %s".formatted(operator,
					EqlPrinter.expression(operand), describe(kind))));
		}
	}

	private Kind function(FunctionCall call) {
		Optional<EqlFunction> found = EqlFunction.byName(call.name());
		call.arguments().forEach(argument -> {
			if (found.isEmpty()) {
				value(argument);
			}
		});
		if (found.isEmpty()) {
			problems.add(Problem.error(call.span(), unknownFunction(call.name())));
			return Kind.ANY;
		}
		EqlFunction function = found.get();
		if (call.caseInsensitive() && !function.hasCaseInsensitiveVariant()) {
			problems.add(Problem.error(call.span(), "function [%s] has no case-insensitive variant [%s~]"
				.formatted(function.displayName(), function.displayName())));
		}
		int count = call.arguments().size();
		if (count < function.minArguments() || count > function.maxArguments()) {
			String expected = function.minArguments() == function.maxArguments() ? "" + function.minArguments()
					: function.maxArguments() == Integer.MAX_VALUE ? "at least " + function.minArguments()
							: function.minArguments() + " to " + function.maxArguments();
			problems.add(Problem.error(call.span(),
					"function [%s] takes %s argument(s), found %d".formatted(function.displayName(), expected, count)));
			return function.returns();
		}
		for (int i = 0; i < count; i++) {
			Expr argument = call.arguments().get(i);
			Kind kind = value(argument);
			Kind parameter = function.parameter(i);
			if (!accepts(parameter, kind) && !isNull(argument)) {
				problems.add(Problem.error(argument.span(),
						"argument %d of [%s] must be %s, found [%s] which is %s".formatted(i + 1,
								function.displayName(), describe(parameter), EqlPrinter.expression(argument),
								describe(kind))));
			}
		}
		if (function == EqlFunction.CIDR_MATCH) {
			call.arguments().stream().skip(1).forEach(this::cidrLiteral);
		}
		if (function == EqlFunction.NUMBER && count == 2 && !(call.arguments().get(1) instanceof Literal base
				&& (base.value() == null || base.value() instanceof Long radix && radix >= 2 && radix <= 36))) {
			problems.add(Problem.error(call.arguments().get(1).span(),
					"the base of [number] must be a whole number from 2 to 36"));
		}
		return function.returns();
	}

	private void cidrLiteral(Expr argument) {
		if (!(argument instanceof Literal literal) || !(literal.value() instanceof String text)) {
			problems.add(Problem.error(argument.span(), "the blocks of [cidrMatch] must be string literals, found [%s]"
				.formatted(EqlPrinter.expression(argument))));
		}
		else if (Cidr.parse(text).isEmpty()) {
			problems.add(Problem.error(argument.span(), "[%s] is not a valid CIDR block".formatted(text)));
		}
	}

	private String unknownFunction(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (lower.equals("wildcard")) {
			return "function [wildcard] was removed in Elasticsearch 8.0; use [like] or [like~] instead";
		}
		if (ENDGAME_FUNCTIONS.contains(lower)) {
			return "function [%s] belongs to the Endgame EQL dialect and is not supported by Elasticsearch EQL"
				.formatted(name);
		}
		Optional<EqlFunction> closest = Arrays.stream(EqlFunction.values())
			.min(Comparator.comparingInt(function -> distance(lower, function.displayName().toLowerCase(Locale.ROOT))));
		String message = "unknown function [%s]".formatted(name);
		return closest.isPresent() && distance(lower, closest.get().displayName().toLowerCase(Locale.ROOT)) <= 3
				? message + ", did you mean [%s]?".formatted(closest.get().displayName()) : message;
	}

	private Kind kindOf(Field field) {
		return switch (schema.typeOf(field.path())) {
			case KEYWORD -> Kind.STRING;
			case LONG, DOUBLE -> Kind.NUMBER;
			case DATE -> Kind.DATE;
			case IP -> Kind.IP;
			case BOOLEAN -> Kind.BOOLEAN;
			case OBJECT, UNKNOWN -> Kind.ANY;
		};
	}

	private static Kind kindOf(@Nullable Object literal) {
		return switch (literal) {
			case String ignored -> Kind.STRING;
			case Long ignored -> Kind.NUMBER;
			case Double ignored -> Kind.NUMBER;
			case Boolean ignored -> Kind.BOOLEAN;
			case null, default -> Kind.ANY;
		};
	}

	private static boolean accepts(Kind parameter, Kind argument) {
		return parameter == Kind.ANY || argument == Kind.ANY || parameter == argument
				|| (parameter == Kind.IP && argument == Kind.STRING);
	}

	private static boolean compatible(Kind left, Kind right) {
		return left == right || Map.of(Kind.IP, Kind.STRING, Kind.DATE, Kind.STRING).get(left) == right
				|| Map.of(Kind.IP, Kind.STRING, Kind.DATE, Kind.STRING).get(right) == left
				|| (left == Kind.DATE && right == Kind.NUMBER) || (left == Kind.NUMBER && right == Kind.DATE);
	}

	private static boolean isNull(Expr expr) {
		return expr instanceof Literal literal && literal.value() == null;
	}

	private static String describe(Kind kind) {
		return switch (kind) {
			case STRING -> "a string";
			case NUMBER -> "a number";
			case BOOLEAN -> "a boolean";
			case IP -> "an IP address";
			case DATE -> "a date";
			case ANY -> "a value";
		};
	}

	private static String typeName(FieldType type) {
		return type.name().toLowerCase(Locale.ROOT);
	}

	private static List<Field> fields(Expr expr) {
		return switch (expr) {
			case Field field -> List.of(field);
			case FunctionCall call -> call.arguments().stream().flatMap(argument -> fields(argument).stream()).toList();
			case Arithmetic arithmetic -> {
				List<Field> both = new ArrayList<>(fields(arithmetic.left()));
				both.addAll(fields(arithmetic.right()));
				yield both;
			}
			case Negate negate -> fields(negate.operand());
			default -> List.of();
		};
	}

	private static @Nullable String luceneRegexProblem(String regex) {
		try {
			new RegExp(regex, RegExp.ALL, 0).toAutomaton(50_000);
			return null;
		}
		catch (RuntimeException ex) {
			return ex.getMessage();
		}
	}

	private static @Nullable String javaRegexProblem(String regex) {
		try {
			Pattern.compile(regex);
			return null;
		}
		catch (PatternSyntaxException ex) {
			return ex.getDescription();
		}
	}

	/** Levenshtein distance, for "did you mean". */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
				current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/** Literal text for messages: strings without their quotes. */
	private static String plain(Object literal) {
		return literal instanceof String text ? text : EqlPrinter.literal(literal);
	}

}
