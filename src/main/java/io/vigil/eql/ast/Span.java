package io.vigil.eql.ast;

/**
 * A range of the query text: {@code start} inclusive, {@code end} exclusive, both char
 * offsets.
 */
public record Span(int start, int end) {

	public static final Span NONE = new Span(0, 0);

	/** The smallest span covering both. */
	public Span to(Span other) {
		return new Span(Math.min(start, other.start), Math.max(end, other.end));
	}

}
