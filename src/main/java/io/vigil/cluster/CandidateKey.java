package io.vigil.cluster;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The record key of a forwarded candidate: the rule id and the join key's values, encoded
 * so that equal keys give equal text and different keys never do. Kafka partitions by
 * this text, so every event of one rule and join key lands on the same partition, in the
 * order it was forwarded.
 * <p>
 * Layout: the rule id, then per value a unit separator, a type tag ({@code s} text,
 * {@code l} integer, {@code d} floating point, {@code b} boolean, {@code o} other,
 * {@code n} absent) and, except for absent values, the text's length, a colon and the
 * text.
 */
final class CandidateKey {

	private static final char SEPARATOR = '\u001f';

	private CandidateKey() {
	}

	static String encode(String ruleId, List<@Nullable Object> key) {
		StringBuilder text = new StringBuilder(ruleId.length() + 24 * key.size()).append(ruleId);
		for (Object value : key) {
			text.append(SEPARATOR);
			if (value == null) {
				text.append('n');
				continue;
			}
			String valueText = value.toString();
			text.append(tag(value)).append(valueText.length()).append(':').append(valueText);
		}
		return text.toString();
	}

	private static char tag(Object value) {
		return switch (value) {
			case String ignored -> 's';
			case Long ignored -> 'l';
			case Integer ignored -> 'l';
			case Double ignored -> 'd';
			case Boolean ignored -> 'b';
			default -> 'o';
		};
	}

	/** The rule id of an encoded key. */
	static String ruleId(String encoded) {
		int end = encoded.indexOf(SEPARATOR);
		return end < 0 ? encoded : encoded.substring(0, end);
	}

}
