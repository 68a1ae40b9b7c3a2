package io.vigil.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.vigil.rules.Rule;

/**
 * An event that can take part in a sequence or sample of a rule, for one join key: what a
 * stateless tier forwards to the partition that owns the key.
 */
public record Candidate(Rule rule, List<Object> key, EngineEvent event) {

	public Candidate {
		key = copyOf(key);
	}

	/**
	 * An unmodifiable copy of a join key: the compact immutable list unless an optional
	 * join field the event lacks made a value null, which List.copyOf refuses. Keys are
	 * held by the hundred thousand, and lists of either kind are equal with the same
	 * values.
	 */
	static List<Object> copyOf(List<Object> key) {
		for (Object value : key) {
			if (value == null) {
				return Collections.unmodifiableList(new ArrayList<>(key));
			}
		}
		return List.copyOf(key);
	}

}
