package io.vigil.diagnostics;

import java.util.Arrays;

/**
 * A named text (a rule file, a query typed into the API) that can turn offsets into line
 * and column and hand back a line for a snippet.
 *
 * @param name how messages refer to the text, such as {@code rules/windows/x.toml}
 * @param text the whole text
 */
public record SourceText(String name, String text) {

	/** Line and column of an offset; both 1-based, columns count UTF-16 chars. */
	public Position positionOf(int offset) {
		int[] starts = lineStarts();
		int clamped = Math.max(0, Math.min(offset, text.length()));
		int index = Arrays.binarySearch(starts, clamped);
		int line = index >= 0 ? index : -index - 2;
		return new Position(line + 1, clamped - starts[line] + 1);
	}

	/** Offset of a 1-based line and column, clamped to the text. */
	public int offsetOf(int line, int column) {
		int[] starts = lineStarts();
		int lineIndex = Math.max(0, Math.min(line - 1, starts.length - 1));
		return Math.min(text.length(), starts[lineIndex] + Math.max(0, column - 1));
	}

	/** The text of a 1-based line without its line terminator, or "" past the end. */
	public String line(int line) {
		String[] lines = text.split("\r?\n", -1);
		return line >= 1 && line <= lines.length ? lines[line - 1] : "";
	}

	private int[] lineStarts() {
		int count = 1;
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '\n') {
				count++;
			}
		}
		int[] starts = new int[count];
		int line = 1;
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '\n') {
				starts[line++] = i + 1;
			}
		}
		return starts;
	}

	/** A 1-based line and column. */
	public record Position(int line, int column) {
	}

}
