package io.vigil.eql.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.vigil.eql.value.Ascii;
import org.apache.lucene.util.automaton.Automata;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * Pattern matching over whole values, as Elasticsearch runs it on fields: wildcard
 * patterns and Lucene regular expressions compiled into one automaton per list (one pass
 * per value, whatever the list's length), and patterns without wildcards into hash sets.
 */
final class Patterns {

	/**
	 * States a determinized automaton may cost before a list is split into several
	 * automata.
	 */
	private static final int WORK_LIMIT = 20_000;

	/**
	 * Patterns tried together in one automaton at first: each state of the subset
	 * construction costs in proportion to the patterns in the union, so one huge union
	 * would cost the square of its size.
	 */
	private static final int GROUP = 256;

	/**
	 * Automata one list may compile into. Each is a pass over the value for every event
	 * the rule meets, and compiling each costs up to the work limit: a list beyond this
	 * (tens of thousands of patterns with wildcards, where Elasticsearch's clause limit
	 * stops at a few thousand) is refused.
	 */
	static final int MAX_AUTOMATA = 64;

	/**
	 * Automata one query may compile into, all its lists together: a list's bound alone
	 * would let a query of many lists (a request body has no length limit of its own)
	 * compile for minutes. Six times what the largest query of Elastic's rules needs.
	 */
	static final int MAX_QUERY_AUTOMATA = 256;

	/**
	 * The automata a query's lists have compiled into so far. Not thread-safe: one per
	 * compilation.
	 */
	static final class Budget {

		private int spent;

		/** Refuses a list that would take the query beyond its bound, before any work. */
		void reserve(int automata) {
			if (spent + automata > MAX_QUERY_AUTOMATA) {
				throw queryTooComplex();
			}
		}

		void spend() {
			reserve(1);
			spent++;
		}

		private static IllegalArgumentException queryTooComplex() {
			return new IllegalArgumentException(("the query's pattern lists are too complex to match together: they "
					+ "need more than %d automata; use fewer patterns with wildcards")
				.formatted(MAX_QUERY_AUTOMATA));
		}

	}

	private Patterns() {
	}

	/**
	 * EQL wildcard patterns: {@code *} any run of characters, {@code ?} one character,
	 * every other character (a backslash included) literal.
	 */
	static ValueTest wildcards(List<String> patterns, boolean caseInsensitive, Budget budget) {
		List<String> exact = new ArrayList<>();
		// Patterns grouped by leading and trailing '*': index 0 none, 1 leading, 2
		// trailing, 3 both.
		List<List<Automaton>> cores = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
				new ArrayList<>());
		List<Automaton> separate = new ArrayList<>();
		for (String pattern : patterns) {
			if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
				exact.add(pattern);
				continue;
			}
			int start = 0;
			while (start < pattern.length() && pattern.charAt(start) == '*') {
				start++;
			}
			int end = pattern.length();
			while (end > start && pattern.charAt(end - 1) == '*') {
				end--;
			}
			int group = (start > 0 ? 1 : 0) | (end < pattern.length() ? 2 : 0);
			String core = pattern.substring(start, end);
			if (core.indexOf('*') >= 0) {
				// A '*' inside the core makes unions blow up (every combination of
				// partial matches is a
				// state), so such a pattern gets an automaton of its own.
				separate.add(anchored(wildcard(core, caseInsensitive), (group & 1) != 0, (group & 2) != 0));
			}
			else {
				cores.get(group).add(wildcard(core, caseInsensitive));
			}
		}
		int fewest = separate.size();
		for (List<Automaton> group : cores) {
			fewest += (group.size() + GROUP - 1) / GROUP;
		}
		if (fewest > MAX_AUTOMATA) {
			// refused before any work: it could not fit whatever the patterns
			throw tooComplex(patterns.size());
		}
		budget.reserve(fewest);
		List<CharacterRunAutomaton> runs = new ArrayList<>();
		for (Automaton automaton : separate) {
			split(List.of(automaton), false, false, runs, patterns.size(), budget);
		}
		for (int group = 0; group < 4; group++) {
			determinized(cores.get(group), (group & 1) != 0, (group & 2) != 0, runs, patterns.size(), budget);
		}
		ValueTest exactTest = exact.isEmpty() ? null : exactStrings(exact, caseInsensitive);
		ValueTest automatonTest = runs.isEmpty() ? null : anyRun(runs);
		if (exactTest == null) {
			return automatonTest;
		}
		return automatonTest == null ? exactTest : exactTest.or(automatonTest);
	}

	/**
	 * Puts one shared {@code .*} before and after a union of pattern cores. Sharing it is
	 * what keeps the determinized automaton of a long list of {@code *word*} patterns
	 * small: with a {@code .*} of its own per pattern, the subset construction tracks
	 * every combination of patterns already matched.
	 */
	private static Automaton anchored(Automaton core, boolean leading, boolean trailing) {
		List<Automaton> parts = new ArrayList<>(3);
		if (leading) {
			parts.add(Automata.makeAnyString());
		}
		parts.add(core);
		if (trailing) {
			parts.add(Automata.makeAnyString());
		}
		return parts.size() == 1 ? core : Operations.concatenate(parts);
	}

	/**
	 * Lucene regular expressions with all optional operators on, matched against the
	 * whole value.
	 */
	static ValueTest luceneRegex(List<String> patterns, boolean caseInsensitive, Budget budget) {
		List<Automaton> automata = new ArrayList<>();
		for (String pattern : patterns) {
			RegExp regExp = new RegExp(pattern, RegExp.ALL, caseInsensitive ? RegExp.ASCII_CASE_INSENSITIVE : 0);
			try {
				automata.add(regExp.toAutomaton(WORK_LIMIT));
			}
			catch (TooComplexToDeterminizeException ex) {
				throw new IllegalArgumentException(
						"the regular expression [%s] is too complex to compile (over %d states)".formatted(pattern,
								WORK_LIMIT),
						ex);
			}
		}
		List<CharacterRunAutomaton> runs = new ArrayList<>();
		determinized(automata, false, false, runs, patterns.size(), budget);
		return anyRun(runs);
	}

	/**
	 * java.util.regex, which Elasticsearch uses when the value is computed rather than a
	 * field.
	 */
	static ValueTest javaRegex(List<String> patterns, boolean caseInsensitive) {
		List<Pattern> compiled = patterns.stream()
			.map(pattern -> Pattern.compile(pattern, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0))
			.toList();
		return value -> {
			String text = Values.text(value);
			for (Pattern pattern : compiled) {
				if (pattern.matcher(text).matches()) {
					return true;
				}
			}
			return false;
		};
	}

	/** A pattern without wildcards, which matches one value exactly. */
	static boolean isExact(String pattern) {
		return pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
	}

	static ValueTest exactStrings(List<String> values, boolean caseInsensitive) {
		if (caseInsensitive) {
			CaseInsensitiveSet set = new CaseInsensitiveSet(values);
			return value -> set.contains(Values.text(value));
		}
		Set<String> set = new HashSet<>(values);
		return value -> set.contains(Values.text(value));
	}

	private static Automaton wildcard(String pattern, boolean caseInsensitive) {
		List<Automaton> parts = new ArrayList<>();
		StringBuilder literal = new StringBuilder();
		pattern.codePoints().forEach(c -> {
			if (c == '*' || c == '?') {
				flushLiteral(literal, caseInsensitive, parts);
				parts.add(c == '*' ? Automata.makeAnyString() : Automata.makeAnyChar());
			}
			else {
				literal.appendCodePoint(c);
			}
		});
		flushLiteral(literal, caseInsensitive, parts);
		return parts.isEmpty() ? Automata.makeEmptyString() : Operations.concatenate(parts);
	}

	private static void flushLiteral(StringBuilder literal, boolean caseInsensitive, List<Automaton> parts) {
		if (literal.isEmpty()) {
			return;
		}
		if (!caseInsensitive) {
			parts.add(Automata.makeString(literal.toString()));
		}
		else {
			literal.codePoints()
				.forEach(c -> parts.add(isAsciiLetter(c)
						? Operations.union(Automata.makeChar(Ascii.toLower((char) c)), Automata.makeChar(c & ~0x20))
						: Automata.makeChar(c)));
		}
		literal.setLength(0);
	}

	private static boolean isAsciiLetter(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	/**
	 * Run automata for cores sharing their anchoring, added to {@code runs}: a group of
	 * them in one automaton while its determinized form stays within the work limit, else
	 * split in halves.
	 * @param listSize the patterns of the whole list, for the message when it is refused
	 */
	private static void determinized(List<Automaton> cores, boolean leading, boolean trailing,
			List<CharacterRunAutomaton> runs, int listSize, Budget budget) {
		for (int from = 0; from < cores.size(); from += GROUP) {
			split(cores.subList(from, Math.min(cores.size(), from + GROUP)), leading, trailing, runs, listSize, budget);
		}
	}

	private static void split(List<Automaton> cores, boolean leading, boolean trailing,
			List<CharacterRunAutomaton> runs, int listSize, Budget budget) {
		try {
			Automaton dfa = Operations.determinize(anchored(Operations.union(cores), leading, trailing), WORK_LIMIT);
			add(runs, new CharacterRunAutomaton(dfa, WORK_LIMIT), listSize, budget);
		}
		catch (TooComplexToDeterminizeException ex) {
			if (cores.size() == 1) {
				throw new IllegalArgumentException(
						"a pattern is too complex to compile (over %d states)".formatted(WORK_LIMIT), ex);
			}
			split(cores.subList(0, cores.size() / 2), leading, trailing, runs, listSize, budget);
			split(cores.subList(cores.size() / 2, cores.size()), leading, trailing, runs, listSize, budget);
		}
	}

	private static void add(List<CharacterRunAutomaton> runs, CharacterRunAutomaton run, int listSize, Budget budget) {
		if (runs.size() == MAX_AUTOMATA) {
			throw tooComplex(listSize);
		}
		budget.spend();
		runs.add(run);
	}

	private static IllegalArgumentException tooComplex(int listSize) {
		return new IllegalArgumentException(("a list of %d patterns is too complex to match: it needs more than %d "
				+ "automata; use fewer patterns with wildcards, or split the condition")
			.formatted(listSize, MAX_AUTOMATA));
	}

	private static ValueTest anyRun(List<CharacterRunAutomaton> runs) {
		CharacterRunAutomaton[] array = runs.toArray(CharacterRunAutomaton[]::new);
		if (array.length == 1) {
			return value -> array[0].run(Values.text(value));
		}
		return value -> {
			String text = Values.text(value);
			for (CharacterRunAutomaton run : array) {
				if (run.run(text)) {
					return true;
				}
			}
			return false;
		};
	}

}
