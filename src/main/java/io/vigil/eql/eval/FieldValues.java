package io.vigil.eql.eval;

import io.vigil.eql.value.Ascii;

/**
 * The values of an event's fields, by slot ({@link FieldSlots}), already coerced to each
 * field's type. An absent field, {@code null}, {@code []} and {@code [null]} all give an
 * empty array.
 */
public interface FieldValues {

	Object[] values(int slot);

	/**
	 * The ASCII-case-folded hash ({@link io.vigil.eql.value.Ascii#hashIgnoreCase}) of
	 * each value's text, in value order. Many rules test the same field
	 * case-insensitively; an implementation may compute these once per event.
	 */
	default int[] foldedHashes(int slot) {
		Object[] values = values(slot);
		int[] hashes = new int[values.length];
		for (int i = 0; i < values.length; i++) {
			hashes[i] = Ascii.hashIgnoreCase(Values.text(values[i]));
		}
		return hashes;
	}

}
