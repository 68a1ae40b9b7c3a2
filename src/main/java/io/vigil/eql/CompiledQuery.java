package io.vigil.eql;

import java.util.List;
import java.util.Set;

import io.vigil.eql.eval.Condition;
import org.jspecify.annotations.Nullable;

/** A query compiled for evaluation: immutable and safe to share between threads. */
public sealed interface CompiledQuery {

	/**
	 * The event categories the query can match an event of, for indexing rules by category; null
	 * when it can match any event (an {@code any where} stage).
	 */
	@Nullable Set<String> categories();

	/** A single-event query: every event that satisfies the condition is a match. */
	record EventQuery(Condition condition, @Nullable Set<String> categories) implements CompiledQuery {
	}

	/**
	 * An ordered sequence.
	 *
	 * @param stages in order, {@code with runs=N} already expanded into N stages
	 * @param maxspanMillis the window from the first to the last event, inclusive; -1 for none
	 */
	record SequenceQuery(List<Stage> stages, @Nullable Stage until, long maxspanMillis,
			@Nullable Set<String> categories) implements CompiledQuery {

		public SequenceQuery {
			stages = List.copyOf(stages);
		}

	}

	/** An unordered sample: one event per stage sharing the join keys. */
	record SampleQuery(List<Stage> stages, @Nullable Set<String> categories) implements CompiledQuery {

		public SampleQuery {
			stages = List.copyOf(stages);
		}

	}

	/**
	 * One stage: its condition (category included) and the fields of its join key, query-level
	 * {@code by} fields first.
	 *
	 * @param missing a missing-event stage {@code ![...]}
	 */
	record Stage(Condition condition, List<JoinKey> keys, boolean missing) {

		public Stage {
			keys = List.copyOf(keys);
		}

	}

	/**
	 * A join-key field.
	 *
	 * @param optional written {@code ?field}: a missing value joins as null instead of excluding the event
	 */
	record JoinKey(int slot, String path, boolean optional) {
	}

}
