package io.vigil.api;

/**
 * How long a refused client should wait before sending again, in seconds as the
 * {@code Retry-After} header carries them, by why it was refused. The same on every
 * endpoint, ours and the Elasticsearch-compatible ones, so shippers back off alike
 * whichever they use.
 */
public final class RetryAfter {

	/** Too many batches in flight: a permit frees within the time of a batch. */
	public static final String OVERLOADED = "1";

	/**
	 * The database or the broker cannot be reached: nothing was taken in, and an outage
	 * outlasts a batch.
	 */
	public static final String UNAVAILABLE = "5";

	private RetryAfter() {
	}

}
