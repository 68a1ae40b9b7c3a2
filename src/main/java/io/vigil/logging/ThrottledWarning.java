package io.vigil.logging;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * A warning that clients can cause at will (a failed authentication, an event claiming
 * another's identity), logged at most once per interval: repeating the cause cannot flood
 * the log or bury the lines around it. A report says how many were held back since the
 * one before; the metrics that count the causes count them all. Thread-safe.
 */
public final class ThrottledWarning {

	private final Logger log;

	private final long intervalNanos;

	private final AtomicLong suppressed = new AtomicLong();

	private final AtomicLong nextAt = new AtomicLong(System.nanoTime());

	public ThrottledWarning(Logger log, Duration interval) {
		this.log = log;
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Logs the message at WARN unless one was logged within the interval.
	 * @param message with SLF4J's {@code {}} placeholders, filled from {@code arguments}
	 */
	public void warn(String message, Object... arguments) {
		long now = System.nanoTime();
		long next = nextAt.get();
		if (now - next < 0 || !nextAt.compareAndSet(next, now + intervalNanos)) {
			suppressed.incrementAndGet();
			return;
		}
		long others = suppressed.getAndSet(0);
		Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
		withCount[arguments.length] = others == 0 ? "" : " (and %d more since the last report)".formatted(others);
		log.warn(message + "{}", withCount);
	}

}
