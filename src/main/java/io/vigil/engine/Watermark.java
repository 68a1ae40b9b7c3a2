package io.vigil.engine;

import java.time.Clock;

/**
 * How far a rule's clock has surely advanced: the latest clock value seen, moved on by the wall
 * time elapsed since it was seen (so a quiet stream still closes windows), less the lateness
 * horizon. Events older than the watermark are late. Thread-safe.
 */
final class Watermark {

	private final long latenessMillis;

	private final Clock wall;

	private long latest = Long.MIN_VALUE;

	private long wallAtLatest;

	Watermark(long latenessMillis, Clock wall) {
		this.latenessMillis = latenessMillis;
		this.wall = wall;
	}

	synchronized void observe(long value) {
		if (value > latest) {
			latest = value;
			wallAtLatest = wall.millis();
		}
	}

	/**
	 * Marks which of {@code values} (in ordinal order) are late, each measured against the
	 * watermark as the values before it left it, and observes them all: what calling
	 * {@link #current()} and {@link #observe} per value would do, under one lock.
	 */
	synchronized void lateness(long[] values, boolean[] late) {
		long drift = latest == Long.MIN_VALUE ? 0 : Math.max(0, wall.millis() - wallAtLatest);
		long highest = latest;
		for (int i = 0; i < values.length; i++) {
			late[i] = highest != Long.MIN_VALUE && values[i] < highest + drift - latenessMillis;
			if (values[i] > highest) {
				highest = values[i];
				drift = 0;
			}
		}
		if (highest > latest) {
			latest = highest;
			wallAtLatest = wall.millis();
		}
	}

	/** The current watermark; {@code Long.MIN_VALUE} before any event. */
	synchronized long current() {
		if (latest == Long.MIN_VALUE) {
			return Long.MIN_VALUE;
		}
		return latest + Math.max(0, wall.millis() - wallAtLatest) - latenessMillis;
	}

}
