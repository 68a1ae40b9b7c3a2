package io.vigil.diagnostics;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One problem found in a user-supplied text, with where it is.
 *
 * @param level whether the text is unusable ({@code ERROR}) or only suspicious
 * @param source the name of the text
 * @param line 1-based line, 0 when the problem concerns the whole text
 * @param column 1-based column, 0 when the problem concerns the whole text
 * @param message what is wrong; user values appear in {@code [...]}
 * @param snippet the source line the position points into, "" when there is none
 */
public record Diagnostic(Level level, String source, int line, int column, String message, String snippet) {

	public static Diagnostic error(SourceText source, int line, int column, String message) {
		return of(Level.ERROR, source, line, column, message);
	}

	public static Diagnostic warning(SourceText source, int line, int column, String message) {
		return of(Level.WARNING, source, line, column, message);
	}

	private static Diagnostic of(Level level, SourceText source, int line, int column, String message) {
		return new Diagnostic(level, source.name(), line, column, message, line > 0 ? source.line(line) : "");
	}

	@JsonIgnore
	public boolean isError() {
		return level == Level.ERROR;
	}

	/** {@code file:line:column: message}, the form editors and CI logs link to. */
	public String headline() {
		return line > 0 ? "%s:%d:%d: %s".formatted(source, line, column, message) : "%s: %s".formatted(source, message);
	}

	/** The headline, then the source line and a caret under the column. */
	public String render() {
		if (line <= 0) {
			return headline();
		}
		StringBuilder caret = new StringBuilder();
		for (int i = 0; i < column - 1 && i < snippet.length(); i++) {
			caret.append(snippet.charAt(i) == '\t' ? '\t' : ' ');
		}
		return headline() + "\n | " + snippet + "\n | " + caret + "^";
	}

	/** How serious a diagnostic is. */
	public enum Level {

		ERROR, WARNING

	}

}
