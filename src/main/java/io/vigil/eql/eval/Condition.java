package io.vigil.eql.eval;

/** A compiled, immutable, thread-safe boolean condition over one event. */
@FunctionalInterface
public interface Condition {

	boolean test(FieldValues event);

}
