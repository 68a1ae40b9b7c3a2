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
	private static final int WORK_LIMIT = 50_000;

	private Patterns() {
	}

	/**
	 * EQL wildcard patterns: {@code *} any run of characters, {@code ?} one character, every other
	 * character (a backslash included) literal.
	 */
	static ValueTest wildcards(List<String> patterns, boolean caseInsensitive) {
		List<String> exact = new ArrayList<>();
		List<Automaton> automata = new ArrayList<>();
		for (String pattern : patterns) {
			if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
				exact.add(pattern);
			}
			else {
				automata.add(wildcard(pattern, caseInsensitive));
			}
		}
		ValueTest exactTest = exact.isEmpty() ? null : exactStrings(exact, caseInsensitive);
		ValueTest automatonTest = automata.isEmpty() ? null : automaton(automata);
		if (exactTest == null) {
			return automatonTest;
		}
		return automatonTest == null ? exactTest : exactTest.or(automatonTest);
	}

	/** Lucene regular expressions with all optional operators on, matched against the whole value. */
	static ValueTest luceneRegex(List<String> patterns, boolean caseInsensitive) {
		List<Automaton> automata = new ArrayList<>();
		for (String pattern : patterns) {
			RegExp regExp = new RegExp(pattern, RegExp.ALL, caseInsensitive ? RegExp.ASCII_CASE_INSENSITIVE : 0);
			automata.add(regExp.toAutomaton(WORK_LIMIT));
		}
		return automaton(automata);
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

	/** One run automaton for the union, or several when the union is too costly to determinize. */
	private static ValueTest automaton(List<Automaton> automata) {
		try {
			CharacterRunAutomaton run = new CharacterRunAutomaton(
					Operations.determinize(Operations.union(automata), WORK_LIMIT), WORK_LIMIT);
			return value -> run.run(Values.text(value));
		}
		catch (TooComplexToDeterminizeException ex) {
			if (automata.size() == 1) {
				throw ex;
			}
			ValueTest first = automaton(automata.subList(0, automata.size() / 2));
			ValueTest second = automaton(automata.subList(automata.size() / 2, automata.size()));
			return first.or(second);
		}
	}

}
