package io.vigil.eql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.vigil.eql.CompiledQuery.JoinKey;
import io.vigil.eql.ast.EqlPrinter;
import io.vigil.eql.ast.Expr;
import io.vigil.eql.ast.Expr.Field;
import io.vigil.eql.ast.Problem;
import io.vigil.eql.ast.Query;
import io.vigil.eql.ast.Span;
import io.vigil.eql.ast.Statement;
import io.vigil.eql.eval.Condition;
import io.vigil.eql.eval.ConditionCompiler;
import io.vigil.eql.eval.EqlFunction;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.parser.QueryParser;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.eql.schema.FieldType;
import org.jspecify.annotations.Nullable;

/** Parses, verifies and compiles EQL. */
public final class Eql {

	/** The field that holds an event's category unless a rule overrides it. */
	public static final String DEFAULT_CATEGORY_FIELD = "event.category";

	private static final EqlPrinter CANONICAL = EqlPrinter
		.withFunctionNames(name -> EqlFunction.byName(name).map(EqlFunction::displayName).orElse(name));

	private Eql() {
	}

	/**
	 * Compiles a query, assigning the fields it reads slots in {@code slots}.
	 * @param categoryField the field {@code <category> where} tests
	 * ({@code event_category_override})
	 */
	public static Compilation compile(String query, String categoryField, FieldSlots slots) {
		QueryParser.Result parsed = QueryParser.parse(query);
		Statement statement = parsed.statement();
		if (statement == null) {
			return new Compilation(null, null, parsed.problems());
		}
		List<Problem> problems = Verifier.verify(statement, slots.schema());
		if (problems.stream().anyMatch(Problem::error)) {
			return new Compilation(statement, null, problems);
		}
		try {
			return new Compilation(statement,
					new QueryCompiler(categoryField, slots, new ConditionCompiler(slots)).compile(statement.query()),
					problems);
		}
		catch (IllegalArgumentException ex) {
			List<Problem> all = new ArrayList<>(problems);
			all.add(Problem.error(new Span(0, query.length()), ex.getMessage()));
			return new Compilation(statement, null, all);
		}
	}

	/**
	 * What compiling gave.
	 *
	 * @param statement the syntax tree, when the query parsed
	 * @param query the compiled query, when there was no error
	 */
	public record Compilation(@Nullable Statement statement, @Nullable CompiledQuery query, List<Problem> problems) {

		public Compilation {
			problems = List.copyOf(problems);
		}

		/** The query in canonical form, when it parsed. */
		public @Nullable String canonical() {
			return statement == null ? null : CANONICAL.statement(statement);
		}

	}

	/**
	 * Compiles one query.
	 *
	 * @param conditions compiles every condition of the query: they share its bound on
	 * automata
	 */
	private record QueryCompiler(String categoryField, FieldSlots slots, ConditionCompiler conditions) {

		CompiledQuery compile(Query query) {
			return switch (query) {
				case Query.EventQuery event -> new CompiledQuery.EventQuery(filter(event.filter(), List.of()),
						categories(List.of(event.filter())), hints(List.of(event.filter())));
				case Query.Sequence sequence -> {
					List<List<Expr>> shared = JoinKeyConstraints.propagate(sequence.keys(), sequence.stages());
					List<CompiledQuery.Stage> stages = new ArrayList<>();
					for (int i = 0; i < sequence.stages().size(); i++) {
						Query.Stage stage = sequence.stages().get(i);
						stages.addAll(Collections.nCopies(stage.runs(), stage(sequence.keys(), stage, shared.get(i))));
					}
					CompiledQuery.Stage until = sequence.until() == null ? null
							: stage(sequence.keys(), sequence.until(), List.of());
					List<Query.EventFilter> filters = new ArrayList<>();
					sequence.stages().forEach(stage -> filters.add(stage.filter()));
					if (sequence.until() != null) {
						filters.add(sequence.until().filter());
					}
					yield new CompiledQuery.SequenceQuery(stages, until,
							sequence.maxspan() == null ? -1 : sequence.maxspan().millis(), categories(filters),
							hints(filters));
				}
				case Query.Sample sample -> {
					List<List<Expr>> shared = JoinKeyConstraints.propagate(sample.keys(), sample.stages());
					List<CompiledQuery.Stage> stages = new ArrayList<>();
					for (int i = 0; i < sample.stages().size(); i++) {
						stages.add(stage(sample.keys(), sample.stages().get(i), shared.get(i)));
					}
					List<Query.EventFilter> filters = sample.stages().stream().map(Query.Stage::filter).toList();
					yield new CompiledQuery.SampleQuery(stages, categories(filters), hints(filters));
				}
			};
		}

		/**
		 * What every filter requires, together: an event that has none of these values
		 * matches no filter. Empty when some filter requires nothing that can be indexed.
		 */
		private List<CompiledQuery.Hint> hints(List<Query.EventFilter> filters) {
			List<CompiledQuery.Hint> hints = new ArrayList<>();
			for (Query.EventFilter filter : filters) {
				List<CompiledQuery.Hint> required = required(filter.condition());
				if (required == null) {
					return List.of();
				}
				hints.addAll(required);
			}
			return hints;
		}

		/**
		 * Tests on string fields with literal values of which the condition needs one to
		 * hold: a top-level {@code and} operand {@code f == "v"}, {@code f in (...)},
		 * {@code f in~ (...)} or {@code f : (...)} without wildcards, or an {@code or} of
		 * such. Of an {@code and}'s operands the most selective wins: fields that tell
		 * events apart before those nearly every event of a platform shares
		 * ({@code host.os.type}), then the fewest values. Null when there is none.
		 */
		private @Nullable List<CompiledQuery.Hint> required(Expr condition) {
			return switch (condition) {
				case Expr.And and -> and.operands()
					.stream()
					.map(this::required)
					.filter(Objects::nonNull)
					.min(Comparator.comparingLong(QueryCompiler::cost))
					.orElse(null);
				case Expr.Or or -> {
					List<CompiledQuery.Hint> any = new ArrayList<>();
					for (Expr operand : or.operands()) {
						List<CompiledQuery.Hint> required = required(operand);
						if (required == null) {
							yield null;
						}
						any.addAll(required);
					}
					yield any;
				}
				case Expr.Comparison c when c.operator() == Expr.ComparisonOperator.EQ && c.left() instanceof Field f
						&& c.right() instanceof Expr.Literal(String value, var ignored) ->
					hint(f, List.of(value));
				case Expr.InList in when in.value() instanceof Field f -> hint(f, strings(in.candidates(), false));
				case Expr.Match m when m.value() instanceof Field f
						&& (m.operator() == Expr.MatchOperator.SEQ || m.operator() == Expr.MatchOperator.LIKE
								|| m.operator() == Expr.MatchOperator.LIKE_INSENSITIVE) ->
					hint(f, strings(m.patterns(), true));
				default -> null;
			};
		}

		/**
		 * How many events a set of hints lets through, roughly: a shared field's value
		 * lets most through.
		 */
		private static long cost(List<CompiledQuery.Hint> hints) {
			long cost = 0;
			for (CompiledQuery.Hint hint : hints) {
				cost += FieldSchema.isLowCardinality(hint.field()) ? 1_000_000 : hint.values().size();
			}
			return cost;
		}

		private @Nullable List<CompiledQuery.Hint> hint(Field field, @Nullable List<String> values) {
			if (values == null || values.isEmpty() || slots.schema().typeOf(field.path()) != FieldType.KEYWORD) {
				return null;
			}
			return List.of(new CompiledQuery.Hint(slots.slotOf(field.path()), field.path(), values));
		}

		/**
		 * The string literals, or null when one is not a string (or, for patterns, holds
		 * a wildcard).
		 */
		private static @Nullable List<String> strings(List<Expr> literals, boolean patterns) {
			List<String> values = new ArrayList<>();
			for (Expr literal : literals) {
				if (!(literal instanceof Expr.Literal(String value, var ignored))
						|| (patterns && (value.indexOf('*') >= 0 || value.indexOf('?') >= 0))) {
					return null;
				}
				values.add(value);
			}
			return values;
		}

		/** The categories of the filters, or null when one of them is {@code any}. */
		private static @Nullable Set<String> categories(List<Query.EventFilter> filters) {
			Set<String> categories = new HashSet<>();
			for (Query.EventFilter filter : filters) {
				if (filter.category() == null) {
					return null;
				}
				categories.add(filter.category());
			}
			return Set.copyOf(categories);
		}

		private CompiledQuery.Stage stage(List<Field> shared, Query.Stage stage, List<Expr> borrowed) {
			List<JoinKey> keys = new ArrayList<>();
			for (Field field : shared) {
				keys.add(new JoinKey(slots.slotOf(field.path()), field.path(), field.optional()));
			}
			for (Field field : stage.keys()) {
				keys.add(new JoinKey(slots.slotOf(field.path()), field.path(), field.optional()));
			}
			return new CompiledQuery.Stage(filter(stage.filter(), borrowed), keys, stage.missing());
		}

		/**
		 * The stage's condition, and the join-key constraints it borrows from the other
		 * stages.
		 */
		private Condition filter(Query.EventFilter filter, List<Expr> borrowed) {
			Expr condition = filter.condition();
			if (!borrowed.isEmpty()) {
				List<Expr> all = new ArrayList<>();
				all.add(condition);
				all.addAll(borrowed);
				condition = new Expr.And(all, condition.span());
			}
			return conditions.filter(categoryField, filter.category(), condition);
		}

	}

}
