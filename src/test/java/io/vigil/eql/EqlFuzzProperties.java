package io.vigil.eql;

import java.time.Duration;
import java.util.Collections;

import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.support.QueryArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile queries: token soup, mutations of real queries and deep nesting compile to a
 * result with problems, never to an exception, a stack overflow or a hang.
 */
class EqlFuzzProperties {

	private static final Duration BUDGET = Duration.ofSeconds(5);

	private static final FieldSlots SLOTS = new FieldSlots(FieldSchema.ecs());

	@Property(tries = 2000)
	void tokenSoupNeverThrows(@ForAll("soup") String query) {
		compiles(query);
	}

	@Property(tries = 2000)
	void mutatedQueriesNeverThrow(@ForAll("mutated") String query) {
		compiles(query);
	}

	@Example
	void deepNestingIsAnErrorNotAStackOverflow() {
		for (int depth : new int[] { 1_000, 100_000 }) {
			problems("process where " + "(".repeat(depth) + "true" + ")".repeat(depth));
			problems("process where " + "not ".repeat(depth) + "true");
			problems("process where " + "-".repeat(depth) + "1 == 1");
			problems("process where " + "length(".repeat(depth) + "\"a\"" + ")".repeat(depth) + " > 0");
			problems("process where process.name in " + "(".repeat(depth) + "\"a\"" + ")".repeat(depth));
		}
	}

	@Example
	void longFlatChainsCompileOrFailCleanly() {
		for (int length : new int[] { 1_000, 50_000 }) {
			compiles("process where " + String.join(" or ", Collections.nCopies(length, "process.pid == 1")));
			compiles("process where process.pid == " + String.join(" + ", Collections.nCopies(length, "1")));
			compiles("process where process.name in (" + String.join(", ", Collections.nCopies(length, "\"a\"")) + ")");
			compiles("sequence " + "[process where true] ".repeat(length));
		}
	}

	@Provide
	Arbitrary<String> soup() {
		return QueryArbitraries.soup();
	}

	@Provide
	Arbitrary<String> mutated() {
		return QueryArbitraries.mutated();
	}

	private static Eql.Compilation compiles(String query) {
		return assertTimeoutPreemptively(BUDGET, () -> Eql.compile(query, Eql.DEFAULT_CATEGORY_FIELD, SLOTS),
				() -> "compiling took longer than " + BUDGET + ": " + abbreviate(query));
	}

	private static void problems(String query) {
		Eql.Compilation compilation = compiles(query);
		assertThat(compilation.problems()).as(abbreviate(query)).isNotEmpty();
		assertThat(compilation.query()).isNull();
	}

	private static String abbreviate(String query) {
		return query.length() > 200 ? query.substring(0, 200) + "…" : query;
	}

}
