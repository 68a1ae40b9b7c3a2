package io.vigil.rules;

import io.vigil.diagnostics.SourceText;
import org.jspecify.annotations.Nullable;

/**
 * Finds where each character of a TOML string value stands in the file, so that a
 * position inside a rule's query can be reported at its line and column in the rule file.
 * Handles the four TOML string forms, escapes and line-ending backslashes included.
 */
final class QueryLocator {

	private QueryLocator() {
	}

	/**
	 * File offsets of the decoded value's characters, one more entry for the end of the
	 * value; null when the value written after {@code keyOffset} does not decode to
	 * {@code decoded}.
	 */
	static int @Nullable [] offsets(SourceText source, int keyOffset, String decoded) {
		String text = source.text();
		int i = text.indexOf('=', keyOffset);
		if (i < 0) {
			return null;
		}
		i++;
		while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
			i++;
		}
		int[] offsets = new int[decoded.length() + 1];
		int written;
		if (text.startsWith("'''", i) || text.startsWith("\"\"\"", i)) {
			boolean literal = text.charAt(i) == '\'';
			i = skipFirstNewline(text, i + 3);
			written = literal ? literal(text, i, text.indexOf("'''", i), offsets)
					: basic(text, i, closing(text, i, "\"\"\""), offsets);
		}
		else if (i < text.length() && text.charAt(i) == '\'') {
			written = literal(text, i + 1, text.indexOf('\'', i + 1), offsets);
		}
		else if (i < text.length() && text.charAt(i) == '"') {
			written = basic(text, i + 1, closing(text, i + 1, "\""), offsets);
		}
		else {
			return null;
		}
		return written == decoded.length() && decode(text, offsets, decoded) ? offsets : null;
	}

	private static int skipFirstNewline(String text, int i) {
		if (text.startsWith("\r\n", i)) {
			return i + 2;
		}
		return text.startsWith("\n", i) ? i + 1 : i;
	}

	private static int literal(String text, int start, int end, int[] offsets) {
		if (end < 0) {
			return -1;
		}
		int count = Math.min(end - start, offsets.length - 1);
		for (int k = 0; k < count; k++) {
			offsets[k] = start + k;
		}
		offsets[count] = start + count;
		return end - start;
	}

	/** Decodes a basic string's escapes, recording where each decoded char came from. */
	private static int basic(String text, int start, int end, int[] offsets) {
		if (end < 0) {
			return -1;
		}
		int count = 0;
		for (int i = start; i < end; i++) {
			if (text.charAt(i) != '\\') {
				if (count < offsets.length - 1) {
					offsets[count] = i;
				}
				count++;
				continue;
			}
			char escape = i + 1 < end ? text.charAt(i + 1) : ' ';
			int length = switch (escape) {
				case 'u' -> 6;
				case 'U' -> 10;
				case ' ', '\t', '\r', '\n' -> -1;
				default -> 2;
			};
			if (length < 0) {
				// a line-ending backslash swallows all whitespace up to the next text
				i++;
				while (i < end && Character.isWhitespace(text.charAt(i))) {
					i++;
				}
				i--;
				continue;
			}
			int chars = length == 10 && i + 10 <= end
					? Character.charCount(Integer.parseInt(text.substring(i + 2, i + 10), 16)) : 1;
			for (int c = 0; c < chars; c++) {
				if (count < offsets.length - 1) {
					offsets[count] = i;
				}
				count++;
			}
			i += length - 1;
		}
		if (count <= offsets.length - 1) {
			offsets[count] = end;
		}
		return count;
	}

	private static int closing(String text, int from, String delimiter) {
		for (int i = from; i < text.length(); i++) {
			if (text.charAt(i) == '\\') {
				i++;
			}
			else if (text.startsWith(delimiter, i)) {
				return i;
			}
		}
		return -1;
	}

	/** Spot-checks the mapping: every unescaped character must be where the map says. */
	private static boolean decode(String text, int[] offsets, String decoded) {
		for (int k = 0; k < decoded.length(); k++) {
			char inFile = text.charAt(offsets[k]);
			if (inFile != '\\' && inFile != decoded.charAt(k) && !Character.isSurrogate(decoded.charAt(k))) {
				return false;
			}
		}
		return true;
	}

}
