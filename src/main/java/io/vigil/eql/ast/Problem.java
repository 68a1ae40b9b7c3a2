package io.vigil.eql.ast;

/**
 * Something wrong with (or suspicious in) a query, located in the query text.
 *
 * @param error true when the query cannot be used; false for a warning
 */
public record Problem(Span span, String message, boolean error) {

	public static Problem error(Span span, String message) {
		return new Problem(span, message, true);
	}

	public static Problem warning(Span span, String message) {
		return new Problem(span, message, false);
	}

}
