package io.vigil.engine;

import java.util.Comparator;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Elasticsearch's sequence matching for one join key, fed candidate events in ordinal
 * order.
 *
 * <p>
 * For each event, the stages it matches are taken from the last to the first, so an event
 * never fills two stages of one sequence. A first-stage match starts a partial sequence;
 * a match of stage {@code s} takes the latest partial waiting after stage {@code s - 1}
 * (which, events arriving in order, is the only one that can ever be taken: an extension
 * discards it and every older one, "latest wins"), drops it if {@code maxspan} is
 * exceeded from its first event or an {@code until} event came at or after its last
 * event, and otherwise extends it. So the state is one slot per stage.
 */
final class SequenceMatcher {

	private final SequencePlan plan;

	private final Comparator<EngineEvent> ordinal;

	/**
	 * The latest partial whose last positive stage is {@code i}, per positive stage but
	 * the last.
	 */
	private final @Nullable Partial[] waiting;

	private @Nullable EngineEvent lastUntil;

	SequenceMatcher(SequencePlan plan, Comparator<EngineEvent> ordinal) {
		this.plan = plan;
		this.ordinal = ordinal;
		this.waiting = new Partial[plan.positiveStages().length];
	}

	/**
	 * Takes the next event (in ordinal order) with the stages it matches for this key,
	 * passing each sequence whose positive stages it completes to {@code completed}.
	 * @param stageMask bit {@code i} set when the event matches stage {@code i} (plan
	 * order)
	 */
	void accept(EngineEvent event, long stageMask, boolean until, Consumer<Partial> completed) {
		int[] positive = plan.positiveStages();
		for (int position = positive.length - 1; position >= 0; position--) {
			if ((stageMask & (1L << positive[position])) != 0) {
				step(position, event, completed);
			}
		}
		if (until) {
			lastUntil = event;
		}
	}

	private void step(int position, EngineEvent event, Consumer<Partial> completed) {
		Partial next;
		if (position == 0) {
			next = Partial.start(event, plan.positiveStages().length);
		}
		else {
			Partial previous = waiting[position - 1];
			if (previous == null) {
				return;
			}
			waiting[position - 1] = null;
			if (plan.maxspanMillis() >= 0 && event.timestamp() - previous.first().timestamp() > plan.maxspanMillis()) {
				return;
			}
			// an until event at or after the partial's last event (and before this one)
			// expires it
			if (lastUntil != null && ordinal.compare(previous.last(), lastUntil) <= 0) {
				return;
			}
			next = previous.extend(position, event);
		}
		if (position == plan.positiveStages().length - 1) {
			completed.accept(next);
		}
		else {
			waiting[position] = next;
		}
	}

	/**
	 * A partial (or, once all positive stages are filled, complete) sequence: its events
	 * by positive stage position. Immutable.
	 */
	record Partial(EngineEvent[] events, int filled) {

		static Partial start(EngineEvent event, int stages) {
			EngineEvent[] events = new EngineEvent[stages];
			events[0] = event;
			return new Partial(events, 1);
		}

		Partial extend(int position, EngineEvent event) {
			EngineEvent[] copy = events.clone();
			copy[position] = event;
			return new Partial(copy, position + 1);
		}

		EngineEvent first() {
			return events[0];
		}

		EngineEvent last() {
			return events[filled - 1];
		}

	}

}
