package io.vigil.eql.eval;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The keys of the JSON objects open on the path being walked, as one stack, so that a key
 * an object holds twice is told apart: each object's keys sit above its parent's. A
 * 64-bit mask of key hashes per object answers most "seen before?" questions without a
 * scan; an object past {@value #LINEAR} keys moves to a hash set, so an object with
 * thousands of keys stays linear. The innermost object's state is kept in fields, the
 * enclosing objects' in arrays. Not thread-safe: one per reader.
 */
final class ObjectKeyStack {

	private static final int LINEAR = 16;

	private String[] names = new String[64];

	private int top;

	private int start;

	private long mask;

	private @Nullable Set<String> set;

	private int[] starts = new int[8];

	private long[] masks = new long[8];

	private @Nullable Set<String>[] sets = newSets(8);

	private int depth;

	void clear() {
		top = 0;
		start = 0;
		mask = 0;
		set = null;
		depth = 0;
		Arrays.fill(sets, null);
	}

	void open() {
		if (depth == starts.length) {
			starts = Arrays.copyOf(starts, depth * 2);
			masks = Arrays.copyOf(masks, depth * 2);
			sets = Arrays.copyOf(sets, depth * 2);
		}
		starts[depth] = start;
		masks[depth] = mask;
		sets[depth] = set;
		depth++;
		start = top;
		mask = 0;
		set = null;
	}

	void close() {
		depth--;
		top = start;
		start = starts[depth];
		mask = masks[depth];
		set = sets[depth];
		sets[depth] = null;
	}

	/**
	 * Adds a key of the innermost open object; false when the object holds it already.
	 */
	boolean add(String name) {
		if (set != null) {
			return set.add(name);
		}
		int hash = name.hashCode();
		long bit = 1L << (hash ^ (hash >>> 16));
		if ((mask & bit) != 0) {
			for (int i = start; i < top; i++) {
				if (names[i].hashCode() == hash && names[i].equals(name)) {
					return false;
				}
			}
		}
		if (top - start == LINEAR) {
			set = new HashSet<>(Arrays.asList(names).subList(start, top));
			return set.add(name);
		}
		mask |= bit;
		if (top == names.length) {
			names = Arrays.copyOf(names, top * 2);
		}
		names[top++] = name;
		return true;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Set<String>[] newSets(int size) {
		return new Set[size];
	}

}
