package io.vigil.eql.parser;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vigil.eql.ast.Problem;
import io.vigil.eql.ast.Span;
import org.antlr.v4.runtime.Token;

/**
 * Rewrites ANTLR's syntax messages into this project's style: user text in [...], short.
 */
final class SyntaxMessages {

	private static final Pattern EXPECTING = Pattern.compile(".* expecting (.*)$");

	/** Above this many alternatives, listing what was expected helps nobody. */
	private static final int MAX_LISTED = 6;

	private SyntaxMessages() {
	}

	/**
	 * @param endOfText where the last token of the query ends, to place "end of query"
	 * right after the query's text rather than after its trailing whitespace
	 */
	static Problem describe(Token offending, String antlrMessage, int endOfText) {
		if (offending.getType() == EqlLexer.UNRECOGNIZED && offending.getText().equals("\"")) {
			return Problem.error(new Span(offending.getStartIndex(), offending.getStopIndex() + 1),
					"unterminated string: close it with [\"] on the same line, "
							+ "or use [\"\"\"] for text over several lines");
		}
		boolean end = offending.getType() == Token.EOF;
		int start = end ? endOfText : offending.getStartIndex();
		Span span = new Span(start, Math.max(start, offending.getStopIndex() + 1));
		String found = end ? "end of query" : "[" + offending.getText() + "]";
		StringBuilder message = new StringBuilder("unexpected ").append(found);
		Matcher expecting = EXPECTING.matcher(antlrMessage);
		if (expecting.matches()) {
			String alternatives = expecting.group(1).replaceAll("[{}]", "").replace("'", "");
			if (alternatives.split(",").length <= MAX_LISTED) {
				message.append(", expected ").append(alternatives.replace("<EOF>", "end of query"));
			}
		}
		return Problem.error(span, message.toString());
	}

}
