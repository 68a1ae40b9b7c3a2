package io.vigil.eql;

import java.util.List;

import io.vigil.eql.ast.EqlPrinter;
import io.vigil.eql.ast.Expr;
import io.vigil.eql.ast.Expr.ArithmeticOperator;
import io.vigil.eql.ast.Expr.ComparisonOperator;
import io.vigil.eql.ast.Expr.MatchOperator;
import io.vigil.eql.ast.Query;
import io.vigil.eql.ast.Span;
import io.vigil.eql.ast.Statement;
import io.vigil.eql.parser.QueryParser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Printing is a fixed point: canonical text parses back to a tree that prints the same
 * text.
 */
class EqlPrinterProperties {

	private static final Span AT = Span.NONE;

	@Property(tries = 1000)
	void canonicalTextIsAFixedPoint(@ForAll("statements") Statement statement) {
		String printed = EqlPrinter.print(statement);
		QueryParser.Result reparsed = QueryParser.parse(printed);
		assertThat(reparsed.problems()).as("problems parsing %s", printed).isEmpty();
		assertThat(EqlPrinter.print(reparsed.statement())).isEqualTo(printed);
	}

	@Provide
	Arbitrary<Statement> statements() {
		Arbitrary<String> category = Arbitraries.of("process", "network", "my-category", "any_thing", "sequence");
		Arbitrary<Query.EventFilter> filter = Combinators.combine(category.injectNull(0.2), conditions(4))
			.as((name, condition) -> new Query.EventFilter(name, condition, AT));
		return filter.map(f -> new Statement(new Query.EventQuery(f), List.of()));
	}

	private Arbitrary<Expr> conditions(int depth) {
		Arbitrary<Expr> leaves = Arbitraries.oneOf(comparisons(), inLists(), matches(), fields(), booleans(), calls());
		if (depth == 0) {
			return leaves;
		}
		Arbitrary<Expr> nested = Arbitraries.lazy(() -> conditions(depth - 1));
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, leaves),
				net.jqwik.api.Tuple.of(1, nested.map(operand -> (Expr) new Expr.Not(operand, AT))),
				net.jqwik.api.Tuple.of(1,
						nested.list().ofMinSize(2).ofMaxSize(3).map(list -> (Expr) new Expr.And(list, AT))),
				net.jqwik.api.Tuple.of(1,
						nested.list().ofMinSize(2).ofMaxSize(3).map(list -> (Expr) new Expr.Or(list, AT))));
	}

	private Arbitrary<Expr> comparisons() {
		return Combinators.combine(Arbitraries.of(ComparisonOperator.class), values(2), literals())
			.as((operator, left, right) -> new Expr.Comparison(operator, left, right, AT));
	}

	private Arbitrary<Expr> inLists() {
		return Combinators.combine(fields(), literals().list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false))
			.as((field, list, insensitive) -> new Expr.InList(field, list, insensitive, AT));
	}

	private Arbitrary<Expr> matches() {
		return Combinators
			.combine(Arbitraries.of(MatchOperator.class), fields(), strings().list().ofMinSize(1).ofMaxSize(3))
			.as((operator, field, patterns) -> new Expr.Match(operator, field, patterns, AT));
	}

	private Arbitrary<Expr> calls() {
		return Combinators
			.combine(Arbitraries.of("startsWith", "endswith", "cidrMatch", "concat", "length"),
					Arbitraries.of(true, false), values(1).list().ofMinSize(1).ofMaxSize(3))
			.as((name, insensitive, arguments) -> new Expr.FunctionCall(name, insensitive, arguments, AT));
	}

	private Arbitrary<Expr> values(int depth) {
		Arbitrary<Expr> leaves = Arbitraries.oneOf(fields(), literals());
		if (depth == 0) {
			return leaves;
		}
		Arbitrary<Expr> nested = Arbitraries.lazy(() -> values(depth - 1));
		return Arbitraries.oneOf(leaves,
				Combinators.combine(Arbitraries.of(ArithmeticOperator.class), nested, nested)
					.as((operator, left, right) -> new Expr.Arithmetic(operator, left, right, AT)),
				nested.filter(operand -> !(operand instanceof Expr.Literal))
					.map(operand -> new Expr.Negate(operand, AT)));
	}

	private Arbitrary<Expr> fields() {
		Arbitrary<String> segment = Arbitraries.of("process", "name", "@timestamp", "sequence", "by", "a b", "x`y",
				"9lives", "host_id");
		return Combinators.combine(segment.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false))
			.as((segments, optional) -> new Expr.Field(String.join(".", segments), optional, AT));
	}

	private Arbitrary<Expr> booleans() {
		return Arbitraries.of(true, false).map(value -> new Expr.Literal(value, AT));
	}

	private Arbitrary<Expr> literals() {
		return Arbitraries.oneOf(strings(), Arbitraries.longs().map(value -> new Expr.Literal(value, AT)),
				Arbitraries.doubles().map(value -> new Expr.Literal(value, AT)),
				Arbitraries.of(true, false).map(value -> new Expr.Literal(value, AT)),
				Arbitraries.just(new Expr.Literal(null, AT)));
	}

	private Arbitrary<Expr> strings() {
		return Arbitraries.strings()
			.withCharRange(' ', '~')
			.withChars('\n', '\t', '\r', '\u00e9', '\u202e', '\u0001', '\u4e2d')
			.ofMaxLength(8)
			.map(value -> new Expr.Literal(value, AT));
	}

}
