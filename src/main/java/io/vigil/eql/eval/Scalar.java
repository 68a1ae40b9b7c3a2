package io.vigil.eql.eval;

import org.jspecify.annotations.Nullable;

/**
 * A value computed by a script leaf from the current combination of its fields' values
 * ({@code bindings}, one per field of the leaf, null where the field has no value).
 */
@FunctionalInterface
interface Scalar {

	@Nullable Object eval(@Nullable Object[] bindings);

}
