package io.vigil.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.eql.value.Ascii;
import org.jspecify.annotations.Nullable;

/**
 * Rules by a value their condition requires, compared ignoring ASCII case; looked up with
 * the value's folded hash, which the event computes once. Immutable after construction.
 */
final class FoldedIndex {

	private final String[] keys;

	private final int[][] rules;

	private final int mask;

	FoldedIndex(Map<String, List<Integer>> byValue) {
		Map<String, List<Integer>> folded = new LinkedHashMap<>();
		byValue.forEach((value, indexes) -> folded.computeIfAbsent(Ascii.toLowerCase(value), k -> new ArrayList<>())
			.addAll(indexes));
		int capacity = Integer.highestOneBit(Math.max(4, folded.size() * 2 - 1)) << 1;
		this.keys = new String[capacity];
		this.rules = new int[capacity][];
		this.mask = capacity - 1;
		folded.forEach((value, indexes) -> {
			int index = Ascii.hashIgnoreCase(value) & mask;
			while (keys[index] != null) {
				index = (index + 1) & mask;
			}
			keys[index] = value;
			rules[index] = indexes.stream().mapToInt(Integer::intValue).distinct().toArray();
		});
	}

	/** The rules that require {@code value}, or null. */
	int @Nullable [] get(String value, int foldedHash) {
		int index = foldedHash & mask;
		while (keys[index] != null) {
			if (Ascii.equalsIgnoreCase(keys[index], value)) {
				return rules[index];
			}
			index = (index + 1) & mask;
		}
		return null;
	}

}
