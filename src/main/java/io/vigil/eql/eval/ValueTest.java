package io.vigil.eql.eval;

/** A test of one (non-null, already typed) field value. Immutable and thread-safe. */
@FunctionalInterface
interface ValueTest {

	boolean test(Object value);

	default ValueTest or(ValueTest other) {
		return value -> test(value) || other.test(value);
	}

}
