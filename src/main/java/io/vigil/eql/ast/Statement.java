package io.vigil.eql.ast;

import java.util.List;

/** A whole EQL text: a query and its pipes. */
public record Statement(Query query, List<Pipe> pipes) {

	public Statement {
		pipes = List.copyOf(pipes);
	}

	/** {@code | head N} or {@code | tail N}. */
	public record Pipe(String name, List<Expr> arguments, Span span) {

		public Pipe {
			arguments = List.copyOf(arguments);
		}

	}

}
