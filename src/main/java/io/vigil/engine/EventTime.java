package io.vigil.engine;

import java.time.Clock;

/**
 * How far the engine trusts event time. Each join key of each rule keeps a
 * {@link KeyClock} of its own, so events of one key never make another key's events late;
 * and no clock is ever taken to be more than {@code maxFutureSkewMillis} ahead of the
 * wall clock, so a key's clock cannot be pushed into the future by a bad timestamp
 * either.
 *
 * @param latenessMillis how far behind its key's clock an event may be and still take
 * part in sequences
 * @param maxFutureSkewMillis how far ahead of the wall clock an event time is believed;
 * smaller than the lateness
 * @param wall the service's clock
 */
record EventTime(long latenessMillis, long maxFutureSkewMillis, Clock wall) {

	static EventTime of(EngineSettings settings, Clock wall) {
		return new EventTime(settings.lateness().toMillis(), settings.maxFutureSkew().toMillis(), wall);
	}

	long wallMillis() {
		return wall.millis();
	}

	/** The latest clock value believed at wall time {@code wallMillis}. */
	long bound(long wallMillis) {
		return plus(wallMillis, maxFutureSkewMillis);
	}

	/**
	 * Whether a clock value lies beyond what is believed now: a clock running ahead, or a
	 * forged time.
	 */
	boolean isFuture(long value, long wallMillis) {
		return value > bound(wallMillis);
	}

	/**
	 * {@code a + b}, held at the ends of the range instead of wrapping: clock values
	 * reach from year 0 to 9999, but arithmetic on them must not turn a far-future time
	 * into a past one.
	 */
	static long plus(long a, long b) {
		long sum = a + b;
		if (((a ^ sum) & (b ^ sum)) < 0) {
			return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		return sum;
	}

}
