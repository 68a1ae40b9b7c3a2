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
	 * An unmodifiable copy of a join key; an optional join field the event lacks is a null value,
	 * which List.copyOf refuses.
	 */
	static List<Object> copyOf(List<Object> key) {
		return Collections.unmodifiableList(new ArrayList<>(key));
	}

}
