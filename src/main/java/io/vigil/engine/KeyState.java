package io.vigil.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import io.vigil.engine.SequenceMatcher.Partial;
import org.jspecify.annotations.Nullable;

/**
 * The state of one sequence rule for one join key: the candidate events retained (those
 * that match a stage, a missing-event stage or the until condition), the matcher, the
 * sequences already produced, complete sequences waiting for their trailing missing-event
 * window, and the key's own clock, on which its lateness, eviction and trailing windows
 * are measured.
 *
 * <p>
 * An event that arrives in ordinal order is fed to the matcher as it is. One that arrives
 * out of order is inserted where it belongs and the matcher is run again over every
 * retained event, as if they had arrived in order; sequences produced before are
 * recognised and not produced again. Not thread-safe: callers hold the instance's lock.
 */
final class KeyState {

	private final List<Object> key;

	private final SequencePlan plan;

	private final Comparator<EngineEvent> ordinal;

	/**
	 * The clock value of an event that lateness, retention and the trailing window are
	 * measured on.
	 */
	private final ToLongFunction<EngineEvent> clock;

	private final KeyClock keyClock;

	/**
	 * The retained events in ordinal order. Most keys of a catalogue hold one event (a
	 * broad stage joined on a value unique to it), so one is held in an immutable
	 * single-element list and a growable list is made for the second.
	 */
	private List<Candidate> candidates = List.of();

	/**
	 * Ids of the retained events, once there are more than {@value #IDS_FROM} (fewer are
	 * compared one by one): a redelivered event is not retained twice. Most keys hold one
	 * or two events, and a catalogue keeps hundreds of thousands of keys, so what each
	 * key allocates up front counts.
	 */
	private @Nullable Set<String> candidateIds;

	private static final int IDS_FROM = 8;

	/**
	 * Made when an event first starts a partial sequence: until then the matcher would
	 * hold nothing, and keys whose events only match later stages (waiting for an earlier
	 * one that may still arrive late) never need one. An until event before that start
	 * cannot expire a partial that starts after it, so a matcher made late decides as one
	 * made at the key's first event.
	 */
	private @Nullable SequenceMatcher matcher;

	/**
	 * The newest event fed to the matcher (or that would have been), to tell whether the
	 * next one arrives in order.
	 */
	private @Nullable EngineEvent lastEvent;

	/**
	 * Signatures of sequences produced, with the clock value of their first event (for
	 * pruning); null until one is.
	 */
	private @Nullable Map<String, Long> produced;

	/**
	 * Complete sequences whose trailing missing-event window is still open; null while
	 * there are none.
	 */
	private @Nullable List<Partial> pending;

	/**
	 * Set once the state is dropped from its rule's map; an adder that finds it set
	 * starts a new one.
	 */
	private boolean retired;

	KeyState(List<Object> key, SequencePlan plan, Comparator<EngineEvent> ordinal, ToLongFunction<EngineEvent> clock,
			KeyClock keyClock) {
		this.key = key;
		this.plan = plan;
		this.ordinal = ordinal;
		this.clock = clock;
		this.keyClock = keyClock;
	}

	List<Object> key() {
		return key;
	}

	boolean retired() {
		return retired;
	}

	void retire() {
		retired = true;
	}

	/** Removes one candidate (evicted by the rule-wide cap); true when it was here. */
	boolean remove(EngineEvent event) {
		forgetId(event);
		return removeCandidates(candidate -> candidate.event() == event) > 0;
	}

	private void forgetId(EngineEvent event) {
		if (candidateIds != null) {
			candidateIds.remove(event.id());
		}
	}

	int size() {
		return candidates.size();
	}

	KeyClock clock() {
		return keyClock;
	}

	/**
	 * Whether the event is too old, by this key's clock, to start or extend a sequence.
	 */
	boolean late(EngineEvent event, long wallMillis) {
		return keyClock.late(clock.applyAsLong(event), wallMillis);
	}

	boolean isEmpty() {
		return candidates.isEmpty() && (pending == null || pending.isEmpty());
	}

	/**
	 * Whether the key holds this event already: sent again, it changes nothing.
	 * Candidates stay until they are evicted, also once a sequence has consumed them, so
	 * a re-sent consumed candidate is recognised for as long as it could still take part
	 * in a sequence.
	 */
	boolean holds(EngineEvent event) {
		if (candidateIds != null) {
			return candidateIds.contains(event.id());
		}
		for (Candidate candidate : candidates) {
			if (candidate.event().id().equals(event.id())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Adds a candidate event the key does not {@link #holds hold}, adding to
	 * {@code completed} the sequences it completes (after a re-run, every new sequence
	 * the re-run finds), and moves the key's clock on.
	 * @param stageMask bit {@code i} set when the event matches stage {@code i} for this
	 * key
	 * @param restoring whether the event is taken back after a restart: then no trailing
	 * window is decided yet (what it would produce is decided by the next
	 * {@link #decideTrailing})
	 */
	void add(EngineEvent event, long stageMask, boolean until, long wallMillis, boolean restoring,
			List<Partial> completed) {
		if (candidateIds != null) {
			candidateIds.add(event.id());
		}
		else if (candidates.size() == IDS_FROM) {
			candidateIds = new HashSet<>();
			candidates.forEach(each -> candidateIds.add(each.event().id()));
			candidateIds.add(event.id());
		}
		keyClock.observe(clock.applyAsLong(event), wallMillis);
		long watermark = restoring ? Long.MIN_VALUE : keyClock.watermark(wallMillis);
		Candidate candidate = new Candidate(event, stageMask, until);
		if (lastEvent == null || ordinal.compare(event, lastEvent) > 0) {
			insert(candidates.size(), candidate);
			feed(candidate, watermark, completed);
			return;
		}
		insert(insertionPoint(event), candidate);
		matcher = null;
		lastEvent = null;
		pending = null;
		for (Candidate each : candidates) {
			feed(each, watermark, completed);
		}
	}

	private void feed(Candidate candidate, long watermark, List<Partial> completed) {
		long positive = positiveMask(candidate.stageMask());
		if (matcher == null && (positive & (1L << plan.positiveStages()[0])) != 0) {
			matcher = new SequenceMatcher(plan, ordinal);
		}
		if (matcher != null) {
			matcher.accept(candidate.event(), positive, candidate.until(),
					partial -> completed(partial, watermark, completed));
		}
		lastEvent = candidate.event();
	}

	private void insert(int index, Candidate candidate) {
		if (candidates.isEmpty()) {
			candidates = List.of(candidate);
			return;
		}
		if (!(candidates instanceof ArrayList)) {
			candidates = new ArrayList<>(candidates);
		}
		candidates.add(index, candidate);
	}

	/**
	 * Removes the candidates {@code drop} selects, telling it of each; returns how many.
	 */
	private int removeCandidates(Predicate<Candidate> drop) {
		if (!(candidates instanceof ArrayList)) {
			if (candidates.isEmpty() || !drop.test(candidates.getFirst())) {
				return 0;
			}
			candidates = List.of();
			return 1;
		}
		int before = candidates.size();
		candidates.removeIf(drop);
		return before - candidates.size();
	}

	/** Decides pending sequences whose trailing window the key's watermark has passed. */
	List<Partial> decideTrailing(long wallMillis) {
		return decideTrailingAt(keyClock.watermark(wallMillis));
	}

	/**
	 * Decides pending sequences whose trailing window has closed ({@code watermark}
	 * passed it).
	 */
	List<Partial> decideTrailingAt(long watermark) {
		if (pending == null) {
			return List.of(); // most keys, and every key of a rule without a trailing
								// missing stage
		}
		List<Partial> completed = new ArrayList<>();
		pending.removeIf(partial -> {
			if (!trailingWindowClosed(partial, watermark)) {
				return false;
			}
			if (missingEventsAllow(partial)) {
				record(partial, completed);
			}
			return true;
		});
		if (pending.isEmpty()) {
			pending = null;
		}
		return completed;
	}

	/**
	 * Drops candidates, and memory of produced sequences, that no event which is not late
	 * could still form a sequence with: older than the key's watermark by twice maxspan
	 * (a sequence spans at most maxspan, and so does the partial it grows from). Without
	 * maxspan, nothing goes by age.
	 * @param released told of each candidate dropped
	 * @return how many were dropped
	 */
	int evict(long wallMillis, Consumer<EngineEvent> released) {
		long watermark = keyClock.watermark(wallMillis);
		if (plan.maxspanMillis() < 0 || watermark == Long.MIN_VALUE) {
			return 0;
		}
		long cutoff = EventTime.plus(watermark, -2 * plan.maxspanMillis());
		int dropped = removeCandidates(candidate -> {
			boolean old = clock.applyAsLong(candidate.event()) < cutoff;
			if (old) {
				forgetId(candidate.event());
				released.accept(candidate.event());
			}
			return old;
		});
		if (produced != null) {
			produced.values().removeIf(firstClock -> firstClock < cutoff);
			if (produced.isEmpty()) {
				produced = null;
			}
		}
		return dropped;
	}

	/**
	 * Drops the oldest candidates beyond {@code limit}, telling {@code released} of each;
	 * returns how many.
	 */
	int trimTo(int limit, Consumer<EngineEvent> released) {
		int excess = candidates.size() - limit;
		if (excess <= 0) {
			return 0;
		}
		List<Candidate> oldest = candidates.subList(0, excess);
		oldest.forEach(candidate -> {
			forgetId(candidate.event());
			released.accept(candidate.event());
		});
		if (excess == candidates.size()) {
			candidates = List.of();
		}
		else {
			oldest.clear(); // more than one was held: the list is growable
		}
		return excess;
	}

	private void completed(Partial partial, long watermark, List<Partial> completed) {
		if (!plan.hasMissingStages()) {
			record(partial, completed);
		}
		else if (plan.trailingMissing() && !trailingWindowClosed(partial, watermark)) {
			if (pending == null) {
				pending = new ArrayList<>(1);
			}
			pending.add(partial);
		}
		else if (missingEventsAllow(partial)) {
			record(partial, completed);
		}
	}

	private void record(Partial partial, List<Partial> completed) {
		StringBuilder signature = new StringBuilder();
		for (EngineEvent event : partial.events()) {
			signature.append(event.id()).append('\u0000');
		}
		if (produced == null) {
			produced = new HashMap<>();
		}
		if (produced.putIfAbsent(signature.toString(), clock.applyAsLong(partial.first())) == null) {
			completed.add(partial);
		}
	}

	private boolean trailingWindowClosed(Partial partial, long watermark) {
		return watermark > EventTime.plus(clock.applyAsLong(partial.last()), plan.maxspanMillis());
	}

	/**
	 * Elasticsearch's missing-event check: no event of a middle missing stage strictly
	 * between its neighbours (millisecond timestamps), and leading and trailing hits only
	 * reject a sequence when the whole pattern, hits included, fits within maxspan.
	 */
	private boolean missingEventsAllow(Partial partial) {
		int[] positive = plan.positiveStages();
		for (int stage = 0; stage < plan.stages().size(); stage++) {
			if (!plan.stages().get(stage).missing() || stage < positive[0] || stage > positive[positive.length - 1]) {
				continue;
			}
			long after = partial.events()[positionBefore(stage)].timestamp();
			long before = partial.events()[positionBefore(stage) + 1].timestamp();
			for (Candidate candidate : candidates) {
				long ts = candidate.event().timestamp();
				if (candidate.matches(stage) && ts > after && ts < before) {
					return false;
				}
			}
		}
		long first = partial.first().timestamp();
		long last = partial.last().timestamp();
		Long lastLeading = null;
		Long firstTrailing = null;
		for (Candidate candidate : candidates) {
			long ts = candidate.event().timestamp();
			for (int stage = 0; stage < positive[0]; stage++) {
				if (candidate.matches(stage) && ts < first && (lastLeading == null || ts > lastLeading)) {
					lastLeading = ts;
				}
			}
			for (int stage = positive[positive.length - 1] + 1; stage < plan.stages().size(); stage++) {
				if (candidate.matches(stage) && ts > last && (firstTrailing == null || ts < firstTrailing)) {
					firstTrailing = ts;
				}
			}
		}
		long maxspan = plan.maxspanMillis();
		boolean leading = plan.leadingMissing();
		boolean trailing = plan.trailingMissing();
		return (lastLeading == null && firstTrailing == null) || (leading && lastLeading == null)
				|| (trailing && firstTrailing == null) || (leading && trailing && firstTrailing - lastLeading > maxspan)
				|| (leading && !trailing && last - lastLeading > maxspan)
				|| (trailing && !leading && firstTrailing - first > maxspan);
	}

	/**
	 * The position (among positive stages) of the last positive stage before
	 * {@code stage}.
	 */
	private int positionBefore(int stage) {
		int[] positive = plan.positiveStages();
		int position = 0;
		while (position + 1 < positive.length && positive[position + 1] < stage) {
			position++;
		}
		return position;
	}

	private long positiveMask(long stageMask) {
		long mask = 0;
		for (int stage : plan.positiveStages()) {
			mask |= stageMask & (1L << stage);
		}
		return mask;
	}

	private int insertionPoint(EngineEvent event) {
		int low = 0;
		int high = candidates.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (ordinal.compare(candidates.get(middle).event(), event) <= 0) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	/**
	 * A retained event, the stages it matches for this key, and whether it is an until
	 * event.
	 */
	private record Candidate(EngineEvent event, long stageMask, boolean until) {

		boolean matches(int stage) {
			return (stageMask & (1L << stage)) != 0;
		}

	}

}
