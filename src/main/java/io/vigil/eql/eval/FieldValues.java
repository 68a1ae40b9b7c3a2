package io.vigil.eql.eval;

/**
 * The values of an event's fields, by slot ({@link FieldSlots}), already coerced to each field's
 * type. An absent field, {@code null}, {@code []} and {@code [null]} all give an empty array.
 */
public interface FieldValues {

	Object[] values(int slot);

}
