package io.vigil.eql.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import io.vigil.eql.ast.Expr;
import io.vigil.eql.ast.Expr.Arithmetic;
import io.vigil.eql.ast.Expr.Comparison;
import io.vigil.eql.ast.Expr.ComparisonOperator;
import io.vigil.eql.ast.Expr.Field;
import io.vigil.eql.ast.Expr.FunctionCall;
import io.vigil.eql.ast.Expr.InList;
import io.vigil.eql.ast.Expr.Literal;
import io.vigil.eql.ast.Expr.Match;
import io.vigil.eql.ast.Expr.Negate;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.eql.schema.FieldType;
import io.vigil.eql.value.Ascii;
import io.vigil.eql.value.Cidr;
import io.vigil.eql.value.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Compiles a verified condition into a {@link Condition} tree. Literals are converted to
 * the types of the fields they meet, patterns are built into automata and lists into hash
 * sets here, once, so evaluation does none of it.
 *
 * <p>
 * A leaf whose left side is a bare field (or one of startsWith, endsWith, stringContains
 * and cidrMatch over a bare field) is a query leaf: true when any value satisfies it, and
 * negated by {@code not} and {@code !=}. Every other leaf is a script leaf
 * ({@link ScriptCondition}), and a script's {@code !=} needs a non-null result that
 * differs; both as Elasticsearch translates them.
 */
public final class ConditionCompiler {

	private final FieldSlots slots;

	/**
	 * The automata the pattern lists compiled so far have taken, bounded per compiler.
	 */
	private final Patterns.Budget automata = new Patterns.Budget();

	/**
	 * A compiler for the conditions of one query: their pattern lists share one bound on
	 * automata.
	 */
	public ConditionCompiler(FieldSlots slots) {
		this.slots = slots;
	}

	/**
	 * The condition of {@code <category> where <condition>}: the category field holds
	 * {@code category} (case-sensitive, any value of an array), or any event for
	 * {@code any}.
	 */
	public Condition filter(String categoryField, @Nullable String category, Expr condition) {
		Condition compiled = compile(condition);
		if (category == null) {
			return compiled;
		}
		int slot = slots.slotOf(categoryField);
		// Last: the engine already routes events to rules by category, so this test
		// rarely decides.
		return Conditions
			.and(List.of(compiled, Conditions.anyValue(slot, ValueTests.equalTo(slots.typeOf(slot), category))));
	}

	public Condition compile(Expr expr) {
		return switch (expr) {
			case Literal literal -> Boolean.TRUE.equals(literal.value()) ? Conditions.TRUE : Conditions.FALSE;
			case Field field -> fieldEquals(field, true);
			case Expr.Not not -> Conditions.not(compile(not.operand()));
			case Expr.And and -> Conditions.and(and.operands()
				.stream()
				.sorted(Comparator.comparingInt(ConditionCompiler::cost))
				.map(this::compile)
				.toList());
			case Expr.Or or -> Conditions.or(or.operands().stream().map(this::compile).toList());
			case Comparison comparison -> comparison(comparison);
			case InList in -> inList(in);
			case Match match -> match(match);
			case FunctionCall call ->
				isQueryLeaf(call) ? queryLeaf(call) : script(call, value -> Boolean.TRUE.equals(value));
			case Arithmetic ignored -> Conditions.FALSE;
			case Negate ignored -> Conditions.FALSE;
		};
	}

	/**
	 * The order the operands of {@code and} are tested in (its result does not depend on
	 * it): a test on a discriminating field first, tests on common fields next, scripts
	 * last.
	 */
	private static int cost(Expr expr) {
		return switch (expr) {
			case Comparison comparison -> comparison.left() instanceof Field field ? fieldCost(field)
					: comparison.right() instanceof Field field && isConstant(comparison.left()) ? fieldCost(field) : 3;
			case InList in -> in.value() instanceof Field field ? fieldCost(field) : 3;
			case Match match -> match.value() instanceof Field field ? fieldCost(field) : 3;
			case Field field -> fieldCost(field);
			case Expr.Not not -> cost(not.operand());
			case FunctionCall ignored -> 3;
			default -> 1;
		};
	}

	private static int fieldCost(Field field) {
		return FieldSchema.isLowCardinality(field.path()) ? 2 : 0;
	}

	private Condition comparison(Comparison comparison) {
		Expr left = comparison.left();
		Expr right = comparison.right();
		ComparisonOperator operator = comparison.operator();
		if (isConstant(left) && !isConstant(right)) {
			Expr swap = left;
			left = right;
			right = swap;
			operator = flip(operator);
		}
		if (isConstant(right)) {
			Object literal = constant(right);
			if (literal == null && operator == ComparisonOperator.NEQ) {
				// "x != null" is always "not (x == null)", for fields and scripts alike.
				return Conditions
					.not(comparison(new Comparison(ComparisonOperator.EQ, left, right, comparison.span())));
			}
			if (left instanceof Field field) {
				return fieldComparison(field, operator, literal);
			}
			if (left instanceof FunctionCall call && isQueryLeaf(call) && literal instanceof Boolean expected) {
				Condition leaf = queryLeaf(call);
				return (operator == ComparisonOperator.EQ) == expected ? leaf : Conditions.not(leaf);
			}
		}
		ComparisonOperator op = operator;
		return script(left, right, (a, b) -> scriptCompare(op, a, b));
	}

	private Condition fieldComparison(Field field, ComparisonOperator operator, @Nullable Object literal) {
		int slot = slots.slotOf(field.path());
		if (literal == null) {
			return operator == ComparisonOperator.EQ ? Conditions.missing(slot) : Conditions.FALSE;
		}
		FieldType type = slots.typeOf(slot);
		Object converted = convert(type, literal, field);
		return switch (operator) {
			case EQ -> Conditions.anyValue(slot, ValueTests.equalTo(type, converted));
			case NEQ -> Conditions.not(Conditions.anyValue(slot, ValueTests.equalTo(type, converted)));
			default -> Conditions.anyValue(slot, ValueTests.compare(type, converted, operator));
		};
	}

	private Condition fieldEquals(Field field, Object literal) {
		return fieldComparison(field, ComparisonOperator.EQ, literal);
	}

	private Condition inList(InList in) {
		List<@Nullable Object> literals = in.candidates().stream().map(this::constant).toList();
		boolean matchesNull = literals.contains(null);
		List<Object> present = literals.stream().filter(Objects::nonNull).map(Object.class::cast).toList();
		if (in.value() instanceof Field field) {
			int slot = slots.slotOf(field.path());
			FieldType type = slots.typeOf(slot);
			Condition any = present.isEmpty() ? Conditions.FALSE
					: in.caseInsensitive() ? Conditions.anyValueIn(slot, new CaseInsensitiveSet(texts(present)))
							: Conditions.anyValue(slot, ValueTests.oneOf(type,
									present.stream().map(literal -> convert(type, literal, field)).toList()));
			return matchesNull ? Conditions.or(List.of(any, Conditions.missing(slot))) : any;
		}
		CaseInsensitiveSet folded = new CaseInsensitiveSet(texts(present));
		boolean insensitive = in.caseInsensitive();
		return script(in.value(), null,
				(value, ignored) -> value == null ? matchesNull : insensitive ? folded.contains(Values.text(value))
						: present.stream().anyMatch(literal -> Values.equal(value, literal)));
	}

	private Condition match(Match match) {
		List<@Nullable Object> literals = match.patterns().stream().map(this::constant).toList();
		boolean matchesNull = literals.contains(null);
		List<String> patterns = texts(literals.stream().filter(Objects::nonNull).map(Object.class::cast).toList());
		boolean insensitive = match.operator().caseInsensitive();
		if (match.value() instanceof Field field) {
			int slot = slots.slotOf(field.path());
			List<Condition> alternatives = new ArrayList<>();
			if (match.operator().regex()) {
				if (!patterns.isEmpty()) {
					alternatives.add(Conditions.anyValue(slot, Patterns.luceneRegex(patterns, insensitive, automata)));
				}
			}
			else {
				List<String> exact = patterns.stream().filter(Patterns::isExact).toList();
				List<String> wildcards = patterns.stream().filter(pattern -> !Patterns.isExact(pattern)).toList();
				if (!exact.isEmpty()) {
					alternatives.add(insensitive ? Conditions.anyValueIn(slot, new CaseInsensitiveSet(exact))
							: Conditions.anyValue(slot, Patterns.exactStrings(exact, false)));
				}
				if (!wildcards.isEmpty()) {
					alternatives.add(Conditions.anyValue(slot, Patterns.wildcards(wildcards, insensitive, automata)));
				}
			}
			if (matchesNull) {
				alternatives.add(Conditions.missing(slot));
			}
			return Conditions.or(alternatives);
		}
		// Elasticsearch runs regex over a computed value with java.util.regex, not
		// Lucene's syntax.
		ValueTest test = patterns.isEmpty() ? value -> false : match.operator().regex()
				? Patterns.javaRegex(patterns, insensitive) : Patterns.wildcards(patterns, insensitive, automata);
		return script(match.value(), null, (value, ignored) -> value == null ? matchesNull : test.test(value));
	}

	/**
	 * startsWith, endsWith, stringContains and cidrMatch over a bare field, the rest
	 * literals.
	 */
	private boolean isQueryLeaf(FunctionCall call) {
		EqlFunction function = EqlFunction.byName(call.name()).orElse(null);
		return (function == EqlFunction.STARTS_WITH || function == EqlFunction.ENDS_WITH
				|| function == EqlFunction.STRING_CONTAINS || function == EqlFunction.CIDR_MATCH)
				&& call.arguments().getFirst() instanceof Field
				&& call.arguments()
					.stream()
					.skip(1)
					.allMatch(argument -> isConstant(argument) && constant(argument) != null);
	}

	private Condition queryLeaf(FunctionCall call) {
		EqlFunction function = EqlFunction.byName(call.name()).orElseThrow();
		int slot = slots.slotOf(((Field) call.arguments().getFirst()).path());
		List<String> arguments = texts(
				call.arguments().stream().skip(1).map(this::constant).map(Object.class::cast).toList());
		boolean insensitive = call.caseInsensitive();
		ValueTest test = switch (function) {
			case CIDR_MATCH -> {
				Cidr[] blocks = arguments.stream().map(text -> Cidr.parse(text).orElseThrow()).toArray(Cidr[]::new);
				yield value -> {
					IpAddress address = value instanceof IpAddress ip ? ip
							: IpAddress.parse(Values.text(value)).orElse(null);
					for (Cidr block : blocks) {
						if (address != null && block.contains(address)) {
							return true;
						}
					}
					return false;
				};
			}
			case STARTS_WITH -> {
				String prefix = arguments.getFirst();
				yield insensitive ? value -> Ascii.startsWithIgnoreCase(Values.text(value), prefix)
						: value -> Values.text(value).startsWith(prefix);
			}
			case ENDS_WITH -> {
				String suffix = arguments.getFirst();
				yield insensitive ? value -> Ascii.endsWithIgnoreCase(Values.text(value), suffix)
						: value -> Values.text(value).endsWith(suffix);
			}
			default -> {
				String part = arguments.getFirst();
				yield part.isEmpty() ? value -> false
						: insensitive ? value -> Ascii.indexOfIgnoreCase(Values.text(value), part, 0) >= 0
								: value -> Values.text(value).contains(part);
			}
		};
		return Conditions.anyValue(slot, test);
	}

	/**
	 * A script leaf over one value expression: true when the predicate holds for some
	 * binding.
	 */
	private Condition script(Expr value, Predicate<@Nullable Object> predicate) {
		ScriptScope scope = new ScriptScope();
		Scalar scalar = scope.scalar(value);
		return scope.condition(bindings -> predicate.test(scalar.eval(bindings)));
	}

	/** A script leaf over two value expressions (the second may be null). */
	private Condition script(Expr left, @Nullable Expr right, ScriptTest test) {
		ScriptScope scope = new ScriptScope();
		Scalar leftScalar = scope.scalar(left);
		Scalar rightScalar = right == null ? bindings -> null : scope.scalar(right);
		return scope.condition(bindings -> test.test(leftScalar.eval(bindings), rightScalar.eval(bindings)));
	}

	/**
	 * Comparison inside a script: equal nulls are equal ({@code null == null} is true),
	 * and every other comparison with a null is false, {@code !=} included.
	 */
	private static boolean scriptCompare(ComparisonOperator operator, @Nullable Object left, @Nullable Object right) {
		if (left == null || right == null) {
			return operator == ComparisonOperator.EQ && left == null && right == null;
		}
		Integer order = Values.compare(left, right);
		if (order == null) {
			return operator == ComparisonOperator.NEQ;
		}
		return switch (operator) {
			case EQ -> order == 0;
			case NEQ -> order != 0;
			case LT -> order < 0;
			case LTE -> order <= 0;
			case GT -> order > 0;
			case GTE -> order >= 0;
		};
	}

	private static ComparisonOperator flip(ComparisonOperator operator) {
		return switch (operator) {
			case LT -> ComparisonOperator.GT;
			case LTE -> ComparisonOperator.GTE;
			case GT -> ComparisonOperator.LT;
			case GTE -> ComparisonOperator.LTE;
			default -> operator;
		};
	}

	private Object convert(FieldType type, Object literal, Field field) {
		Object converted = Coercion.literalFor(type, literal);
		if (converted == null) {
			throw new IllegalArgumentException("[%s] is not a valid value for [%s]".formatted(literal, field.path()));
		}
		return converted;
	}

	private static List<String> texts(List<Object> literals) {
		return literals.stream().map(Values::text).toList();
	}

	/** True when the expression reads no field. */
	static boolean isConstant(Expr expr) {
		return switch (expr) {
			case Literal ignored -> true;
			case Field ignored -> false;
			case FunctionCall call -> call.arguments().stream().allMatch(ConditionCompiler::isConstant);
			case Arithmetic arithmetic -> isConstant(arithmetic.left()) && isConstant(arithmetic.right());
			case Negate negate -> isConstant(negate.operand());
			default -> false;
		};
	}

	/** The value of a constant expression. */
	@Nullable Object constant(Expr expr) {
		return new ScriptScope().scalar(expr).eval(new Object[0]);
	}

	@FunctionalInterface
	private interface ScriptTest {

		boolean test(@Nullable Object left, @Nullable Object right);

	}

	/** The fields of one script leaf, each bound to a position of the bindings array. */
	private final class ScriptScope {

		private final Map<String, Integer> positions = new LinkedHashMap<>();

		Scalar scalar(Expr expr) {
			return switch (expr) {
				case Literal literal -> {
					Object value = literal.value();
					yield bindings -> value;
				}
				case Field field -> {
					int position = positions.computeIfAbsent(field.path(), path -> positions.size());
					yield bindings -> bindings[position];
				}
				case FunctionCall call -> {
					EqlFunction function = EqlFunction.byName(call.name()).orElseThrow();
					Scalar[] arguments = call.arguments().stream().map(this::scalar).toArray(Scalar[]::new);
					boolean insensitive = call.caseInsensitive();
					yield bindings -> {
						Object[] values = new Object[arguments.length];
						for (int i = 0; i < arguments.length; i++) {
							values[i] = arguments[i].eval(bindings);
						}
						return function.apply(values, insensitive);
					};
				}
				case Arithmetic arithmetic -> {
					EqlFunction function = switch (arithmetic.operator()) {
						case ADD -> EqlFunction.ADD;
						case SUBTRACT -> EqlFunction.SUBTRACT;
						case MULTIPLY -> EqlFunction.MULTIPLY;
						case DIVIDE -> EqlFunction.DIVIDE;
						case MODULO -> EqlFunction.MODULO;
					};
					Scalar left = scalar(arithmetic.left());
					Scalar right = scalar(arithmetic.right());
					yield bindings -> function.apply(new Object[] { left.eval(bindings), right.eval(bindings) }, false);
				}
				case Negate negate -> {
					Scalar operand = scalar(negate.operand());
					yield bindings -> switch (operand.eval(bindings)) {
						case Long number -> -number;
						case Double number -> -number;
						case null, default -> null;
					};
				}
				default -> throw new IllegalArgumentException("a condition cannot be used as a value: " + expr);
			};
		}

		Condition condition(Predicate<Object[]> predicate) {
			int[] fieldSlots = new ArrayList<>(positions.keySet()).stream().mapToInt(slots::slotOf).toArray();
			return new ScriptCondition(fieldSlots, predicate);
		}

	}

}
