package io.vigil.eql.eval;

import java.util.function.Predicate;

/**
 * A leaf Elasticsearch evaluates as a script: true when some combination of its fields'
 * values (the cartesian product, a missing field taking {@code null}) satisfies the
 * predicate.
 */
final class ScriptCondition implements Condition {

	private final int[] slots;

	private final Predicate<Object[]> predicate;

	ScriptCondition(int[] slots, Predicate<Object[]> predicate) {
		this.slots = slots;
		this.predicate = predicate;
	}

	@Override
	public boolean test(FieldValues event) {
		int count = slots.length;
		Object[][] values = new Object[count][];
		for (int i = 0; i < count; i++) {
			values[i] = event.values(slots[i]);
		}
		Object[] bindings = new Object[count];
		int[] position = new int[count];
		while (true) {
			for (int i = 0; i < count; i++) {
				bindings[i] = values[i].length == 0 ? null : values[i][position[i]];
			}
			if (predicate.test(bindings)) {
				return true;
			}
			int i = count - 1;
			while (i >= 0 && ++position[i] >= values[i].length) {
				position[i--] = 0;
			}
			if (i < 0) {
				return false;
			}
		}
	}

}
