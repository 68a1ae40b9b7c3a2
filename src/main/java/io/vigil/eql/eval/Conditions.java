package io.vigil.eql.eval;

import java.util.List;

/**
 * The condition nodes. Each is final, holds arrays rather than lists, and allocates
 * nothing.
 */
final class Conditions {

	static final Condition TRUE = event -> true;

	static final Condition FALSE = event -> false;

	private Conditions() {
	}

	static Condition and(List<Condition> operands) {
		List<Condition> kept = operands.stream().filter(operand -> operand != TRUE).toList();
		if (kept.contains(FALSE)) {
			return FALSE;
		}
		return kept.isEmpty() ? TRUE : kept.size() == 1 ? kept.getFirst() : new And(kept.toArray(Condition[]::new));
	}

	static Condition or(List<Condition> operands) {
		List<Condition> kept = operands.stream().filter(operand -> operand != FALSE).toList();
		if (kept.contains(TRUE)) {
			return TRUE;
		}
		return kept.isEmpty() ? FALSE : kept.size() == 1 ? kept.getFirst() : new Or(kept.toArray(Condition[]::new));
	}

	static Condition not(Condition operand) {
		if (operand == TRUE) {
			return FALSE;
		}
		if (operand == FALSE) {
			return TRUE;
		}
		return operand instanceof Not not ? not.operand : new Not(operand);
	}

	/** True when any value of the field passes the test; false for a missing field. */
	static Condition anyValue(int slot, ValueTest test) {
		return new AnyValue(slot, test);
	}

	/**
	 * True when any value of the field is in the set, ignoring ASCII case; uses the
	 * event's folded hashes.
	 */
	static Condition anyValueIn(int slot, CaseInsensitiveSet set) {
		return new AnyValueIgnoringCase(slot, set);
	}

	/** True when the field has no value. */
	static Condition missing(int slot) {
		return new Missing(slot);
	}

	private static final class And implements Condition {

		private final Condition[] operands;

		And(Condition[] operands) {
			this.operands = operands;
		}

		@Override
		public boolean test(FieldValues event) {
			for (Condition operand : operands) {
				if (!operand.test(event)) {
					return false;
				}
			}
			return true;
		}

	}

	private static final class Or implements Condition {

		private final Condition[] operands;

		Or(Condition[] operands) {
			this.operands = operands;
		}

		@Override
		public boolean test(FieldValues event) {
			for (Condition operand : operands) {
				if (operand.test(event)) {
					return true;
				}
			}
			return false;
		}

	}

	private static final class Not implements Condition {

		private final Condition operand;

		Not(Condition operand) {
			this.operand = operand;
		}

		@Override
		public boolean test(FieldValues event) {
			return !operand.test(event);
		}

	}

	private static final class AnyValue implements Condition {

		private final int slot;

		private final ValueTest test;

		AnyValue(int slot, ValueTest test) {
			this.slot = slot;
			this.test = test;
		}

		@Override
		public boolean test(FieldValues event) {
			for (Object value : event.values(slot)) {
				if (test.test(value)) {
					return true;
				}
			}
			return false;
		}

	}

	private static final class AnyValueIgnoringCase implements Condition {

		private final int slot;

		private final CaseInsensitiveSet set;

		AnyValueIgnoringCase(int slot, CaseInsensitiveSet set) {
			this.slot = slot;
			this.set = set;
		}

		@Override
		public boolean test(FieldValues event) {
			Object[] values = event.values(slot);
			if (values.length == 0) {
				return false;
			}
			int[] hashes = event.foldedHashes(slot);
			for (int i = 0; i < values.length; i++) {
				if (set.contains(Values.text(values[i]), hashes[i])) {
					return true;
				}
			}
			return false;
		}

	}

	private static final class Missing implements Condition {

		private final int slot;

		Missing(int slot) {
			this.slot = slot;
		}

		@Override
		public boolean test(FieldValues event) {
			return event.values(slot).length == 0;
		}

	}

}
