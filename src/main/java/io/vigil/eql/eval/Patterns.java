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
 * Pattern matching over whole values, as Elasticsearch runs it on fields: wildcard patterns and
 * Lucene regular expressions compiled into one automaton per list (one pass per value, whatever
 * the list's length), and patterns without wildcards into hash sets.
 */
final class Patterns {

	/** States a determinized automaton may cost before a list is split into several automata. */
	private static final int WORK_LIMIT = 20_000;

	private Patterns() {
	}

	/**
	 * EQL wildcard patterns: {@code *} any run of characters, {@code ?} one character, every other
	 * character (a backslash included) literal.
	 */
	static ValueTest wildcards(List<String> patterns, boolean caseInsensitive) {
		List<String> exact = new ArrayList<>();
		// Patterns grouped by leading and trailing '*': index 0 none, 1 leading, 2 trailing, 3 both.
		List<List<Automaton>> cores = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
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
				// A '*' inside the core makes unions blow up (every combination of partial matches is a
				// state), so such a pattern gets an automaton of its own.
				separate.add(anchored(wildcard(core, caseInsensitive), (group & 1) != 0, (group & 2) != 0));
			}
			else {
				cores.get(group).add(wildcard(core, caseInsensitive));
			}
		}
		List<CharacterRunAutomaton> runs = new ArrayList<>();
		for (Automaton automaton : separate) {
			runs.add(new CharacterRunAutomaton(Operations.determinize(automaton, WORK_LIMIT), WORK_LIMIT));
		}
		for (int group = 0; group < 4; group++) {
			if (!cores.get(group).isEmpty()) {
				runs.addAll(determinized(cores.get(group), (group & 1) != 0, (group & 2) != 0));
			}
		}
		ValueTest exactTest = exact.isEmpty() ? null : exactStrings(exact, caseInsensitive);
		ValueTest automatonTest = runs.isEmpty() ? null : anyRun(runs);
		if (exactTest == null) {
			return automatonTest;
		}
		return automatonTest == null ? exactTest : exactTest.or(automatonTest);
	}

	/**
	 * Puts one shared {@code .*} before and after a union of pattern cores. Sharing it is what
	 * keeps the determinized automaton of a long list of {@code *word*} patterns small: with a
	 * {@code .*} of its own per pattern, the subset construction tracks every combination of
	 * patterns already matched.
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

	/** Lucene regular expressions with all optional operators on, matched against the whole value. */
	static ValueTest luceneRegex(List<String> patterns, boolean caseInsensitive) {
		List<Automaton> automata = new ArrayList<>();
		for (String pattern : patterns) {
			RegExp regExp = new RegExp(pattern, RegExp.ALL, caseInsensitive ? RegExp.ASCII_CASE_INSENSITIVE : 0);
			automata.add(regExp.toAutomaton(WORK_LIMIT));
		}
		return anyRun(determinized(automata, false, false));
	}

	/** java.util.regex, which Elasticsearch uses when the value is computed rather than a field. */
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
			literal.codePoints().forEach(c -> parts.add(isAsciiLetter(c)
					? Operations.union(Automata.makeChar(Ascii.toLower((char) c)), Automata.makeChar(c & ~0x20))
					: Automata.makeChar(c)));
		}
		literal.setLength(0);
	}

	private static boolean isAsciiLetter(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	/**
	 * Run automata for a group of cores sharing their anchoring: one for the whole group when its
	 * determinized form stays within the work limit, else the group is split in halves.
	 */
	private static List<CharacterRunAutomaton> determinized(List<Automaton> cores, boolean leading, boolean trailing) {
		try {
			Automaton dfa = Operations.determinize(anchored(Operations.union(cores), leading, trailing), WORK_LIMIT);
			return List.of(new CharacterRunAutomaton(dfa, WORK_LIMIT));
		}
		catch (TooComplexToDeterminizeException ex) {
			if (cores.size() == 1) {
				throw ex;
			}
			List<CharacterRunAutomaton> runs = new ArrayList<>(
					determinized(cores.subList(0, cores.size() / 2), leading, trailing));
			runs.addAll(determinized(cores.subList(cores.size() / 2, cores.size()), leading, trailing));
			return runs;
		}
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
