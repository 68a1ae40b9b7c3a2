package io.vigil.engine;

/**
 * The clock of one join key of one rule: the newest clock value among the key's events,
 * believed no further than {@link EventTime#bound the wall clock plus the allowed skew},
 * and moved on by the wall time elapsed since it was seen (so a quiet key still closes
 * windows and forgets). Its watermark, the clock less the lateness horizon, decides which
 * of the key's events are late.
 * <p>
 * Only the key's own events move it: a bad timestamp can at worst make its own key's
 * events late, and only by as much as the skew allows. Not thread-safe: callers hold the
 * key's lock.
 */
final class KeyClock {

	private final EventTime time;

	private boolean started;

	/**
	 * The newest clock value seen, believed or not: for telling keys whose clock runs
	 * ahead.
	 */
	private long newest;

	private long latest;

	private long wallAtLatest;

	KeyClock(EventTime time) {
		this.time = time;
	}

	/** Takes an event's clock value into account, believing it only up to the bound. */
	void observe(long value, long wallMillis) {
		long believed = Math.min(value, time.bound(wallMillis));
		if (!started || believed > now(wallMillis)) {
			latest = believed;
			wallAtLatest = wallMillis;
		}
		newest = started ? Math.max(newest, value) : value;
		started = true;
	}

	/**
	 * The key's clock at wall time {@code wallMillis}; {@code Long.MIN_VALUE} before its
	 * first event.
	 */
	long now(long wallMillis) {
		if (!started) {
			return Long.MIN_VALUE;
		}
		return EventTime.plus(latest, Math.max(0, wallMillis - wallAtLatest));
	}

	/**
	 * The watermark: events older than this are late. {@code Long.MIN_VALUE} before the
	 * first event.
	 */
	long watermark(long wallMillis) {
		return started ? EventTime.plus(now(wallMillis), -time.latenessMillis()) : Long.MIN_VALUE;
	}

	boolean late(long value, long wallMillis) {
		return started && value < watermark(wallMillis);
	}

	/**
	 * Whether the key holds an event dated beyond what is believed now: its host's clock
	 * runs ahead.
	 */
	boolean ahead(long wallMillis) {
		return started && time.isFuture(newest, wallMillis);
	}

}
