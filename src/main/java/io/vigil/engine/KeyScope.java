package io.vigil.engine;

import java.util.List;

/**
 * The join keys an evaluation is for. One process evaluates every key; a correlation
 * partition evaluates only the keys routed to it, so that each key's state lives in
 * exactly one place.
 */
@FunctionalInterface
public interface KeyScope {

	KeyScope ALL = key -> true;

	/** Whether the key, in the order of the rule's join fields, is evaluated here. */
	boolean includes(List<Object> key);

}
