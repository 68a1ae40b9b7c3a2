package io.vigil.eql.parser;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vigil.eql.ast.Problem;
import io.vigil.eql.ast.Span;
import org.antlr.v4.runtime.Token;

/** Rewrites ANTLR's syntax messages into this project's style: user text in [...], short. */
final class SyntaxMessages {

	private static final Pattern EXPECTING = Pattern.compile(".* expecting (.*)$");

	/** Above this many alternatives, listing what was expected helps nobody. */
	private static final int MAX_LISTED = 6;

	private SyntaxMessages() {
	}

	static Problem describe(Token offending, String antlrMessage) {
		Span span = new Span(offending.getStartIndex(), Math.max(offending.getStartIndex(), offending.getStopIndex() + 1));
		String found = offending.getType() == Token.EOF ? "end of query" : "[" + offending.getText() + "]";
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
