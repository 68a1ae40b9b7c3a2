package io.vigil.eql.ast;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The query part of a statement: an event query, a sequence or a sample. */
public sealed interface Query {

	/**
	 * {@code <category> where <condition>}.
	 *
	 * @param category the event category, or null for {@code any}
	 */
	record EventFilter(@Nullable String category, Expr condition, Span span) {
	}

	/** A single-event query. */
	record EventQuery(EventFilter filter) implements Query {
	}

	/**
	 * One bracketed stage of a sequence or sample.
	 *
	 * @param keys the stage's own {@code by} fields, after the query-level ones
	 * @param runs {@code with runs=N}; 1 when absent
	 * @param missing written {@code ![...]}: a missing-event stage
	 */
	record Stage(EventFilter filter, List<Expr.Field> keys, int runs, boolean missing, Span span) {

		public Stage {
			keys = List.copyOf(keys);
		}

	}

	/** {@code sequence [by keys] [with maxspan=...] stages [until stage]}. */
	record Sequence(List<Expr.Field> keys, @Nullable MaxSpan maxspan, List<Stage> stages,
			@Nullable Stage until) implements Query {

		public Sequence {
			keys = List.copyOf(keys);
			stages = List.copyOf(stages);
		}

	}

	/**
	 * {@code sample [by keys] stages}: one event per stage sharing the keys, in any
	 * order.
	 */
	record Sample(List<Expr.Field> keys, List<Stage> stages) implements Query {

		public Sample {
			keys = List.copyOf(keys);
			stages = List.copyOf(stages);
		}

	}

	/**
	 * A sequence's time window.
	 *
	 * @param amount as written
	 * @param unit as written: ms, s, m, h or d
	 */
	record MaxSpan(long amount, String unit) {

		public long millis() {
			return amount * switch (unit) {
				case "ms" -> 1L;
				case "s" -> 1_000L;
				case "m" -> 60_000L;
				case "h" -> 3_600_000L;
				case "d" -> 86_400_000L;
				default -> throw new IllegalStateException("unit " + unit);
			};
		}

	}

}
