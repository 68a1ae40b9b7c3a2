package io.vigil.eql.parser;

import java.util.ArrayList;
import java.util.List;

import io.vigil.eql.ast.Problem;
import io.vigil.eql.ast.Span;
import org.antlr.v4.runtime.Token;

/**
 * Finds, before parsing, the forms users carry over from the Endgame EQL dialect or from
 * other languages, and says what Elasticsearch EQL wants instead. A generic "unexpected
 * token" would leave them guessing.
 */
final class DialectCheck {

	private DialectCheck() {
	}

	static List<Problem> scan(List<Token> all) {
		List<Token> tokens = all.stream().filter(token -> token.getChannel() == Token.DEFAULT_CHANNEL).toList();
		List<Problem> problems = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			Token token = tokens.get(i);
			Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : token;
			String text = token.getText();
			if (i == 0 && token.getType() == EqlLexer.IDENTIFIER && text.equals("join")) {
				problems.add(at(token, token, "[join] is not supported by Elasticsearch EQL; use [sequence] instead"));
			}
			else if (token.getType() == EqlLexer.IDENTIFIER && next.getType() == EqlLexer.IDENTIFIER
					&& next.getText().equals("of")
					&& (text.equals("descendant") || text.equals("child") || text.equals("event"))) {
				problems.add(at(token, next,
						"[%s of] is not supported by Elasticsearch EQL; join on process ids in a [sequence] instead"
							.formatted(text)));
			}
			else if (token.getType() == EqlLexer.QUESTION
					&& (next.getType() == EqlLexer.STRING || next.getType() == EqlLexer.SINGLE_QUOTED_STRING)
					&& next.getStartIndex() == token.getStopIndex() + 1) {
				problems.add(at(token, next, "raw strings [?\"...\"] are not supported by Elasticsearch EQL; "
						+ "use [\"\"\"...\"\"\"] instead"));
			}
			else if (isDoubled(token, next, EqlLexer.PIPE)) {
				problems.add(at(token, next, "[||] is not an operator; use [or] instead"));
			}
			else if (isDoubled(token, next, EqlLexer.UNRECOGNIZED) && text.equals("&")) {
				problems.add(at(token, next, "[&&] is not an operator; use [and] instead"));
			}
		}
		return problems;
	}

	private static boolean isDoubled(Token token, Token next, int type) {
		return token.getType() == type && next.getType() == type && token != next
				&& next.getText().equals(token.getText()) && next.getStartIndex() == token.getStopIndex() + 1;
	}

	private static Problem at(Token first, Token last, String message) {
		return Problem.error(new Span(first.getStartIndex(), last.getStopIndex() + 1), message);
	}

}
