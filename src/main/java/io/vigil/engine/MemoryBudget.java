package io.vigil.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory the candidates and the retired key clocks of every rule may take together
 * ({@code detection.max-retained-memory}). Each rule's caps count events or keys, and a
 * catalogue has hundreds of rules: without a bound across them, broad stages (a rule
 * joining on a process entity id keeps every process start for the lateness horizon) or a
 * flood of distinct keys can fill the heap (100,000 retired clocks per rule, over a
 * hundred stateful rules, are gigabytes). A candidate costs its event's bytes plus a
 * fixed overhead, once per rule and join key that holds it (the bytes themselves are
 * shared, so this counts high); a retired clock a fixed amount.
 * <p>
 * Beyond the budget the rule that holds the most gives way, its retired clocks first
 * (they only judge an old event sent again), then its oldest candidates: a rule whose
 * stages match a flood of events, or a flood an attacker sends, cannot make a quiet rule
 * drop the first stage of a sequence it still waits on. Sample rules give way with their
 * retired clocks only (they keep at most one event per stage and key, and forget by age).
 * Thread-safe.
 */
final class MemoryBudget {

	/**
	 * What one held candidate costs beside its event's bytes: its key state's share, ids,
	 * clocks.
	 */
	private static final int OVERHEAD_BYTES = 400;

	private final long limit;

	private final AtomicLong used = new AtomicLong();

	/** Every holder's account, in the order they opened them. */
	private final List<Account> accounts = new CopyOnWriteArrayList<>();

	MemoryBudget(long limit) {
		this.limit = limit;
	}

	/**
	 * Opens the holder's account: what it charges counts against the budget, and decides
	 * who gives way.
	 */
	Account account(Holder holder) {
		Account account = new Account(holder);
		accounts.add(account);
		return account;
	}

	/** While over the budget, the rule holding the most lets its oldest candidates go. */
	void enforce(EngineOutcome outcome) {
		for (long excess = used.get() - limit; excess > 0; excess = used.get() - limit) {
			Account largest = null;
			long most = 0;
			for (Account account : accounts) {
				long held = account.used.get();
				if (account.holder.canGiveWay() && held > most) {
					largest = account;
					most = held;
				}
			}
			if (largest == null || !largest.holder.letOldestGo(excess, outcome)) {
				return;
			}
		}
	}

	void clear() {
		used.set(0);
		accounts.forEach(account -> account.used.set(0));
	}

	static long cost(EngineEvent event) {
		return (long) event.source().length + OVERHEAD_BYTES;
	}

	/**
	 * What one holder has charged: a field of its own rather than a map entry looked up
	 * per charge, since every candidate retained and let go is charged.
	 */
	final class Account {

		private final Holder holder;

		private final AtomicLong used = new AtomicLong();

		private Account(Holder holder) {
			this.holder = holder;
		}

		void charge(EngineEvent event) {
			charge(cost(event));
		}

		void discharge(EngineEvent event) {
			charge(-cost(event));
		}

		/** Counts {@code bytes} more (or fewer, when negative). */
		void charge(long bytes) {
			used.addAndGet(bytes);
			MemoryBudget.this.used.addAndGet(bytes);
		}

	}

	/** A rule whose candidates and retired key clocks count towards the budget. */
	interface Holder {

		/** Whether the rule can let candidates or retired clocks go to make room. */
		boolean canGiveWay();

		/**
		 * Lets its oldest retired clocks go, then its oldest candidates, until
		 * {@code bytes} are freed; false when there was none to let go.
		 */
		boolean letOldestGo(long bytes, EngineOutcome outcome);

	}

}
