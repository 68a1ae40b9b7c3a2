package io.vigil.eql;

import java.util.List;
import java.util.Set;

import io.vigil.eql.eval.Condition;
import org.jspecify.annotations.Nullable;

/** A query compiled for evaluation: immutable and safe to share between threads. */
public sealed interface CompiledQuery {

	/**
	 * The event categories the query can match an event of, for indexing rules by
	 * category; null when it can match any event (an {@code any where} stage).
	 */
	@Nullable Set<String> categories();

	/**
	 * Values the query needs an event to have to match it at all (for an event query,
	 * those of one required test; for a sequence or sample, those of every stage and
	 * until together), for indexing rules by value. Empty when the query cannot be
	 * indexed so.
	 */
	List<Hint> hints();

	/**
	 * A single-event query: every event that satisfies the condition is a match.
	 *
	 */
	record EventQuery(Condition condition, @Nullable Set<String> categories,
			List<Hint> hints) implements CompiledQuery {

		public EventQuery {
			hints = List.copyOf(hints);
		}

	}

	/**
	 * A condition is false unless the field has one of these values, compared ignoring
	 * ASCII case (the condition itself may be stricter): an event without any of them
	 * need not meet the rule.
	 *
	 * @param slot the field's slot
	 */
	record Hint(int slot, String field, List<String> values) {

		public Hint {
			values = List.copyOf(values);
		}

	}

	/**
	 * An ordered sequence.
	 *
	 * @param stages in order, {@code with runs=N} already expanded into N stages
	 * @param maxspanMillis the window from the first to the last event, inclusive; -1 for
	 * none
	 */
	record SequenceQuery(List<Stage> stages, @Nullable Stage until, long maxspanMillis,
			@Nullable Set<String> categories, List<Hint> hints) implements CompiledQuery {

		public SequenceQuery {
			stages = List.copyOf(stages);
			hints = List.copyOf(hints);
		}

	}

	/** An unordered sample: one event per stage sharing the join keys. */
	record SampleQuery(List<Stage> stages, @Nullable Set<String> categories,
			List<Hint> hints) implements CompiledQuery {

		public SampleQuery {
			stages = List.copyOf(stages);
			hints = List.copyOf(hints);
		}

	}

	/**
	 * One stage: its condition (category included) and the fields of its join key,
	 * query-level {@code by} fields first.
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
	 * @param optional written {@code ?field}: a missing value joins as null instead of
	 * excluding the event
	 */
	record JoinKey(int slot, String path, boolean optional) {
	}

}
