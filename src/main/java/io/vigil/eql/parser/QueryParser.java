package io.vigil.eql.parser;

import java.util.ArrayList;
import java.util.List;

import io.vigil.eql.ast.Problem;
import io.vigil.eql.ast.Span;
import io.vigil.eql.ast.Statement;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Parses EQL text into a {@link Statement}. Never throws for bad input: every problem
 * comes back with its span. Thread-safe; each call uses its own lexer and parser.
 */
public final class QueryParser {

	/**
	 * Deeper nesting is refused before parsing, so hostile input cannot exhaust the
	 * stack.
	 */
	static final int MAX_NESTING = 100;

	private QueryParser() {
	}

	public static Result parse(String text) {
		CommonTokenStream tokens = new CommonTokenStream(new EqlLexer(CharStreams.fromString(text)));
		tokens.fill();
		List<Problem> problems = new ArrayList<>(DialectCheck.scan(tokens.getTokens()));
		Problem tooDeep = nestingProblem(tokens.getTokens());
		if (tooDeep != null) {
			problems.add(tooDeep);
		}
		if (!problems.isEmpty()) {
			return new Result(null, problems);
		}
		EqlParser.StatementContext tree = parseTree(tokens);
		if (tree == null) {
			return new Result(null, List.of(firstSyntaxError(tokens)));
		}
		AstBuilder builder = new AstBuilder();
		Statement statement = builder.statement(tree);
		return new Result(builder.problems().isEmpty() ? statement : null, builder.problems());
	}

	/**
	 * Two-stage parse: fast SLL prediction first, full LL only for input SLL cannot
	 * decide.
	 */
	private static EqlParser.@Nullable StatementContext parseTree(CommonTokenStream tokens) {
		EqlParser parser = new EqlParser(tokens);
		parser.removeErrorListeners();
		parser.setErrorHandler(new BailErrorStrategy());
		parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
		try {
			return parser.statement();
		}
		catch (ParseCancellationException sllFailed) {
			tokens.seek(0);
			parser.reset();
			parser.getInterpreter().setPredictionMode(PredictionMode.LL);
			try {
				return parser.statement();
			}
			catch (ParseCancellationException llFailed) {
				return null;
			}
		}
	}

	/** Re-parses with error reporting on to describe the first syntax error. */
	private static Problem firstSyntaxError(CommonTokenStream tokens) {
		tokens.seek(0);
		EqlParser parser = new EqlParser(tokens);
		parser.removeErrorListeners();
		List<Problem> errors = new ArrayList<>();
		parser.addErrorListener(new BaseErrorListener() {
			@Override
			public void syntaxError(Recognizer<?, ?> recognizer, @Nullable Object offendingSymbol, int line,
					int charPositionInLine, String message, @Nullable RecognitionException cause) {
				if (errors.isEmpty()) {
					errors.add(SyntaxMessages.describe((Token) offendingSymbol, message, endOfText(tokens)));
				}
			}
		});
		parser.statement();
		return errors.isEmpty() ? Problem.error(new Span(0, 0), "invalid query") : errors.getFirst();
	}

	private static int endOfText(CommonTokenStream tokens) {
		int end = 0;
		for (Token token : tokens.getTokens()) {
			if (token.getType() != Token.EOF && token.getChannel() == Token.DEFAULT_CHANNEL) {
				end = token.getStopIndex() + 1;
			}
		}
		return end;
	}

	/**
	 * Brackets and runs of prefix operators ('not not not ...') both make the parser
	 * recurse.
	 */
	private static @Nullable Problem nestingProblem(List<Token> tokens) {
		int depth = 0;
		int prefixRun = 0;
		for (Token token : tokens) {
			switch (token.getType()) {
				case EqlLexer.LP, EqlLexer.LB -> depth++;
				case EqlLexer.RP, EqlLexer.RB -> depth--;
				default -> {
				}
			}
			boolean prefix = token.getType() == EqlLexer.NOT || token.getType() == EqlLexer.MINUS;
			prefixRun = prefix ? prefixRun + 1 : token.getChannel() == Token.DEFAULT_CHANNEL ? 0 : prefixRun;
			if (depth + prefixRun > MAX_NESTING) {
				return Problem.error(new Span(token.getStartIndex(), token.getStopIndex() + 1),
						"query nests deeper than %d levels".formatted(MAX_NESTING));
			}
		}
		return null;
	}

	/**
	 * What parsing gave.
	 *
	 * @param statement the syntax tree, or null when there is any error
	 */
	public record Result(@Nullable Statement statement, List<Problem> problems) {

		public Result {
			problems = List.copyOf(problems);
		}

	}

}
