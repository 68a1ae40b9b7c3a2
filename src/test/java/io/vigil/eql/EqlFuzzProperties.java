package io.vigil.eql;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hostile queries: token soup, mutations of real queries and deep nesting compile to a result with
 * problems, never to an exception, a stack overflow or a hang.
 */
class EqlFuzzProperties {

	private static final Duration BUDGET = Duration.ofSeconds(5);

	private static final List<String> TOKENS = List.of("process", "network", "any", "where", "sequence", "sample",
			"by", "with", "maxspan", "=", "30s", "runs", "until", "[", "]", "(", ")", "and", "or", "not", "in", "in~",
			":", "like", "like~", "regex", "regex~", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", ",",
			"|", "head", "tail", "filter", "?", "!", "~", "true", "false", "null", "1", "-1", "1.5e10",
			"99999999999999999999", "\"a\"", "\"\\u{1F600}\"", "\"\\x\"", "\"unterminated", "\"\"\"raw\"\"\"",
			"'single'", "`process.name`", "`unterminated", "process.name", "host.id", "event.category", "source.ip",
			"destination.port", "@timestamp", "cidrMatch", "wildcard", "length", "startsWith~", "concat", "between",
			"stringContains", "number", "add", "\"*.exe\"", "\"10.0.0.0/8\"", "\n", "//", "/*", "*/", "\t", "\u0000",
			"\uFFFF", ";", "{", "}", "$", "#");

	private static final List<String> VALID = List.of("""
			sequence by host.id with maxspan = 30s
			   [network where host.os.type == "windows" and network.direction : ("incoming", "ingress") and
			    destination.port in (5985, 5986) and network.protocol == "http" and source.ip != "127.0.0.1"]
			   [process where event.type == "start" and process.parent.name : "wsmprovhost.exe" and
			    not process.executable : "?:\\\\Windows\\\\System32\\\\conhost.exe"]""",
			"process where process.name : (\"cmd.exe\", \"powershell.exe\") and length(process.args) > 3",
			"sample by host.id [process where true] [network where cidrMatch(source.ip, \"10.0.0.0/8\")]",
			"sequence with maxspan=1m [process where true] by user.name ![file where true] by user.name "
					+ "until [process where event.type == \"end\"] by user.name",
			"any where wildcard(file.path, \"*\\\\*.dll\") or process.pid + 1 > 100 / 2");

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
			compiles("process where process.name in (" + String.join(", ",
					Collections.nCopies(length, "\"a\"")) + ")");
			compiles("sequence " + "[process where true] ".repeat(length));
		}
	}

	@Provide
	Arbitrary<String> soup() {
		return Arbitraries.of(TOKENS).list().ofMaxSize(40).map(tokens -> String.join(" ", tokens));
	}

	@Provide
	Arbitrary<String> mutated() {
		Arbitrary<String> base = Arbitraries.of(VALID);
		return base.flatMap(query -> Arbitraries.integers().between(1, 6).flatMap(count -> mutation(query).list()
			.ofSize(count)
			.map(mutations -> {
				String result = query;
				for (Mutation mutation : mutations) {
					result = mutation.apply(result);
				}
				return result;
			})));
	}

	private static Arbitrary<Mutation> mutation(String query) {
		Arbitrary<Integer> position = Arbitraries.integers().between(0, query.length());
		Arbitrary<Integer> width = Arbitraries.integers().between(1, 12);
		Arbitrary<String> token = Arbitraries.of(TOKENS);
		return Arbitraries.oneOf(
				position.flatMap(at -> width.map(w -> (Mutation) text -> cut(text, at, w))),
				position.flatMap(at -> token.map(t -> (Mutation) text -> insert(text, at, t))),
				position.flatMap(at -> width.map(w -> (Mutation) text -> duplicate(text, at, w))),
				Arbitraries.chars().map(c -> (Mutation) text -> text.isEmpty() ? text
						: text.replace(text.charAt(text.length() / 2), c)));
	}

	private static String cut(String text, int at, int width) {
		int from = Math.min(at, text.length());
		return text.substring(0, from) + text.substring(Math.min(text.length(), from + width));
	}

	private static String insert(String text, int at, String token) {
		int from = Math.min(at, text.length());
		return text.substring(0, from) + token + text.substring(from);
	}

	private static String duplicate(String text, int at, int width) {
		int from = Math.min(at, text.length());
		int to = Math.min(text.length(), from + width);
		return text.substring(0, to) + text.substring(from, to) + text.substring(to);
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

	@FunctionalInterface
	private interface Mutation {

		String apply(String text);

	}

}
