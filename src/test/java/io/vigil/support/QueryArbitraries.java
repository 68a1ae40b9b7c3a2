package io.vigil.support;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Hostile EQL for fuzzing: token soup, and real queries with random cuts, insertions and
 * duplications.
 */
public final class QueryArbitraries {

	private static final List<String> TOKENS = List.of("process", "network", "any", "where", "sequence", "sample", "by",
			"with", "maxspan", "=", "30s", "runs", "until", "[", "]", "(", ")", "and", "or", "not", "in", "in~", ":",
			"like", "like~", "regex", "regex~", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", ",", "|",
			"head", "tail", "filter", "?", "!", "~", "true", "false", "null", "1", "-1", "1.5e10",
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

	private QueryArbitraries() {
	}

	/** Up to 40 EQL tokens (and some that are not) in any order. */
	public static Arbitrary<String> soup() {
		return Arbitraries.of(TOKENS).list().ofMaxSize(40).map(tokens -> String.join(" ", tokens));
	}

	/** A valid query with one to six random mutations. */
	public static Arbitrary<String> mutated() {
		return Arbitraries.of(VALID)
			.flatMap(query -> Arbitraries.integers()
				.between(1, 6)
				.flatMap(count -> mutation(query).list().ofSize(count).map(mutations -> {
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
		return Arbitraries.oneOf(position.flatMap(at -> width.map(w -> (Mutation) text -> cut(text, at, w))),
				position.flatMap(at -> token.map(t -> (Mutation) text -> insert(text, at, t))),
				position.flatMap(at -> width.map(w -> (Mutation) text -> duplicate(text, at, w))),
				Arbitraries.chars()
					.map(c -> (Mutation) text -> text.isEmpty() ? text
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

	@FunctionalInterface
	private interface Mutation {

		String apply(String text);

	}

}
