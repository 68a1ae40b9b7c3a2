package io.vigil.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.vigil.eql.CompiledQuery;
import io.vigil.eql.CompiledQuery.JoinKey;
import io.vigil.eql.eval.FieldValues;
import org.jspecify.annotations.Nullable;

/**
 * What the engine needs of a compiled sequence: stages in order (missing-event stages
 * flagged), the positions of the positive ones, the {@code until} stage and the window.
 *
 * @param positiveStages indexes into {@code stages} of the stages that are not
 * missing-event stages
 * @param maxspanMillis -1 when the sequence has no maxspan
 */
record SequencePlan(List<CompiledQuery.Stage> stages, int[] positiveStages, CompiledQuery.@Nullable Stage until,
		long maxspanMillis) {

	static SequencePlan of(CompiledQuery.SequenceQuery query) {
		List<Integer> positive = new ArrayList<>();
		for (int i = 0; i < query.stages().size(); i++) {
			if (!query.stages().get(i).missing()) {
				positive.add(i);
			}
		}
		return new SequencePlan(query.stages(), positive.stream().mapToInt(Integer::intValue).toArray(), query.until(),
				query.maxspanMillis());
	}

	boolean hasMissingStages() {
		return positiveStages.length != stages.size();
	}

	/** Leading missing stages exist: the first stage is a missing-event stage. */
	boolean leadingMissing() {
		return stages.getFirst().missing();
	}

	boolean trailingMissing() {
		return stages.getLast().missing();
	}

	/**
	 * Join keys one event can have for one stage. Elasticsearch takes the cartesian
	 * product of multi-valued key fields, without a bound; here one event with a thousand
	 * values in each of three key fields would be a billion keys, each retained against
	 * the memory budget that every host's candidates share. Real multi-valued keys hold a
	 * handful of values.
	 */
	static final int MAX_KEYS_PER_EVENT = 256;

	/**
	 * The join keys an event has for a stage: one per combination of the key fields'
	 * distinct values (multi-valued keys fan out), in value order, the first
	 * {@value #MAX_KEYS_PER_EVENT} only, an event that had more noted in {@code outcome}.
	 * A non-optional key field without a value means the event has no key, and does not
	 * take part in that stage; an optional one joins as null.
	 */
	static List<List<Object>> keys(List<JoinKey> fields, EngineEvent event, EngineOutcome outcome) {
		List<List<Object>> keys = keys(fields, event.values());
		if (keys.size() == MAX_KEYS_PER_EVENT && moreThanAllowed(fields, event.values())) {
			outcome.keysCapped(event);
		}
		return keys;
	}

	/**
	 * Whether the key fields' distinct values make more combinations than one event may
	 * have.
	 */
	private static boolean moreThanAllowed(List<JoinKey> fields, FieldValues values) {
		long combinations = 1;
		for (JoinKey field : fields) {
			combinations *= Math.max(1, Arrays.stream(values.values(field.slot())).distinct().count());
			if (combinations > MAX_KEYS_PER_EVENT) {
				return true; // before the product can overflow
			}
		}
		return false;
	}

	private static List<List<Object>> keys(List<JoinKey> fields, FieldValues values) {
		Object[] single = singleValued(fields, values);
		if (single != null) {
			return List.of(List.of(single));
		}
		List<List<Object>> keys = List.of(List.of());
		for (JoinKey field : fields) {
			Set<Object> distinct = new LinkedHashSet<>(Arrays.asList(values.values(field.slot())));
			if (distinct.isEmpty()) {
				if (!field.optional()) {
					return List.of();
				}
				distinct = Collections.singleton(null);
			}
			List<List<Object>> extended = new ArrayList<>(Math.min(MAX_KEYS_PER_EVENT, keys.size() * distinct.size()));
			extend: for (List<Object> prefix : keys) {
				for (Object value : distinct) {
					if (extended.size() == MAX_KEYS_PER_EVENT) {
						break extend;
					}
					List<Object> key = new ArrayList<>(prefix);
					key.add(value);
					extended.add(Candidate.copyOf(key));
				}
			}
			keys = extended;
		}
		return keys;
	}

	/**
	 * The one key of an event whose key fields all hold exactly one value, as nearly
	 * every event's do (an entity id, a host id): built without the sets and lists
	 * fanning out takes. Null otherwise, fields missing or multi-valued.
	 */
	private static Object @Nullable [] singleValued(List<JoinKey> fields, FieldValues values) {
		Object[] key = new Object[fields.size()];
		for (int i = 0; i < key.length; i++) {
			Object[] of = values.values(fields.get(i).slot());
			if (of.length != 1) {
				return null;
			}
			key[i] = of[0];
		}
		return key;
	}

}
