package io.vigil.eql.eval;

import java.util.Collection;

import io.vigil.eql.value.Ascii;

/**
 * A set of strings compared with ASCII case folding, looked up without allocating: open
 * addressing over the folded hash, so a 2,600-name list costs one hash and a probe or
 * two.
 */
final class CaseInsensitiveSet {

	private final String[] table;

	private final int mask;

	CaseInsensitiveSet(Collection<String> values) {
		int capacity = Integer.highestOneBit(Math.max(4, values.size() * 2 - 1)) << 1;
		this.table = new String[capacity];
		this.mask = capacity - 1;
		for (String value : values) {
			add(value);
		}
	}

	private void add(String value) {
		int index = Ascii.hashIgnoreCase(value) & mask;
		while (table[index] != null) {
			if (Ascii.equalsIgnoreCase(table[index], value)) {
				return;
			}
			index = (index + 1) & mask;
		}
		table[index] = value;
	}

	boolean contains(String value) {
		return contains(value, Ascii.hashIgnoreCase(value));
	}

	/** Looks up a value whose folded hash is already known. */
	boolean contains(String value, int foldedHash) {
		int index = foldedHash & mask;
		while (table[index] != null) {
			if (Ascii.equalsIgnoreCase(table[index], value)) {
				return true;
			}
			index = (index + 1) & mask;
		}
		return false;
	}

}
