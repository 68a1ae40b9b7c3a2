package io.vigil.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.vigil.rules.Rule;
import org.jspecify.annotations.Nullable;

/**
 * What evaluating a batch, or the passing of time, gave: detections, the events rules now
 * retain and those they let go, and the events that were late or dated beyond the wall
 * clock.
 */
public final class EngineOutcome {

	private final List<Detection> detections = new ArrayList<>();

	private final Set<String> lateEventIds = new HashSet<>();

	private final Set<String> futureEventIds = new HashSet<>();

	private final Set<String> keysCappedEventIds = new HashSet<>();

	private final List<Retained> retained = new ArrayList<>();

	private final List<Released> released = new ArrayList<>();

	/**
	 * Arrival numbers of events a rule's state held already, and of those some rule newly
	 * retains.
	 */
	private final Set<Long> redelivered = new HashSet<>();

	private final Set<Long> retainedArrivals = new HashSet<>();

	private final List<String> conflictingIds = new ArrayList<>();

	private @Nullable ArrivalRange storedBatch;

	private final List<Long> closedBatches = new ArrayList<>();

	synchronized void detected(Detection detection) {
		detections.add(detection);
	}

	synchronized void late(EngineEvent event) {
		lateEventIds.add(event.id());
	}

	synchronized void future(EngineEvent event) {
		futureEventIds.add(event.id());
	}

	synchronized void keysCapped(EngineEvent event) {
		keysCappedEventIds.add(event.id());
	}

	synchronized void retained(Rule rule, EngineEvent event) {
		retained.add(new Retained(rule, event));
		retainedArrivals.add(event.arrival());
	}

	/**
	 * An event claimed the identity of another with other content: it was given one of
	 * its own.
	 */
	synchronized void conflict(EngineEvent event) {
		conflictingIds.add(event.id());
	}

	/**
	 * Identities claimed by events of other content or index than the event holding them.
	 */
	public synchronized List<String> conflictingIds() {
		return List.copyOf(conflictingIds);
	}

	/** A join key's state holds the event already: it was ingested before. */
	synchronized void redelivered(EngineEvent event) {
		redelivered.add(event.arrival());
	}

	synchronized void released(Rule rule, List<Object> key, EngineEvent event) {
		released.add(new Released(rule, Candidate.copyOf(key), event.id()));
	}

	synchronized void stored(ArrivalRange batch) {
		storedBatch = batch;
	}

	synchronized void closed(List<Long> firstArrivals) {
		closedBatches.addAll(firstArrivals);
	}

	/**
	 * Events a sequence or sample rule now retains as candidates, to be persisted with
	 * the batch.
	 */
	public synchronized List<Retained> retained() {
		return List.copyOf(retained);
	}

	/**
	 * The arrival numbers of the evaluated batch, when some of its events are still held:
	 * the events {@link #retained} are then to be stored together, as one batch, until
	 * {@link DetectionEngine#advance} reports it {@linkplain #closedBatches closed}.
	 * Empty when no event of the batch is held, and for evaluations that store nothing
	 * (forwarding, correlation).
	 */
	public synchronized Optional<ArrivalRange> storedBatch() {
		return Optional.ofNullable(storedBatch);
	}

	/**
	 * Stored batches none of whose events any key holds any longer, by their first
	 * arrival number.
	 */
	public synchronized List<Long> closedBatches() {
		return List.copyOf(closedBatches);
	}

	/**
	 * Candidates a join key let go (evicted by age or by a cap, or used up by a completed
	 * sample).
	 */
	public synchronized List<Released> released() {
		return List.copyOf(released);
	}

	public synchronized List<Detection> detections() {
		return List.copyOf(detections);
	}

	/**
	 * Whether the event was ingested before, as far as the state that remembers events
	 * knows: some rule's join key holds it already (a candidate still able to take part
	 * in a sequence or sample, consumed ones included), and no rule newly retains it. An
	 * event no rule retains is remembered by nothing, and sending it again changes
	 * nothing either: its alerts have deterministic ids.
	 */
	public synchronized boolean duplicate(EngineEvent event) {
		return redelivered.contains(event.arrival()) && !retainedArrivals.contains(event.arrival());
	}

	/**
	 * Events whose multi-valued join-key fields gave some rule more combinations than one
	 * event may take part in: they joined under the first of them only.
	 */
	public synchronized Set<String> keysCappedEventIds() {
		return Set.copyOf(keysCappedEventIds);
	}

	/**
	 * Events too old to start or extend a sequence for at least one rule and join key.
	 */
	public synchronized Set<String> lateEventIds() {
		return Set.copyOf(lateEventIds);
	}

	/**
	 * Events dated beyond the wall clock plus the allowed skew (on {@code @timestamp} or
	 * {@code event.ingested}): evaluated all the same, but a sign of a clock running
	 * ahead.
	 */
	public synchronized Set<String> futureEventIds() {
		return Set.copyOf(futureEventIds);
	}

	/** An event retained by a rule. */
	public record Retained(Rule rule, EngineEvent event) {
	}

	/** A candidate one join key of a rule let go. */
	public record Released(Rule rule, List<Object> key, String eventId) {
	}

	/**
	 * Arrival numbers {@code first} to {@code last}, both included: the events of one
	 * batch.
	 */
	public record ArrivalRange(long first, long last) {

		public ArrivalRange {
			if (last < first) {
				throw new IllegalArgumentException("empty arrival range [" + first + ", " + last + "]");
			}
		}

	}

}
