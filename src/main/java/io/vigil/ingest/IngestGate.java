package io.vigil.ingest;

import java.io.IOException;
import java.util.concurrent.Semaphore;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Bounds the work ingest takes on, in two parts. A body is held in memory as it arrives,
 * within a budget of bytes shared by every request being received
 * ({@code max-concurrent-batches} times {@code max-decompressed-size}): a client that
 * stalls holds the few bytes it sent, never another client's turn. Once received, a batch
 * takes one of {@code max-concurrent-batches} permits to be read and evaluated. Beyond
 * either bound a request is refused at once with 429, which every shipper retries,
 * instead of queueing without limit.
 */
@Component
class IngestGate {

	/** The unit the body budget is counted in. */
	private static final int BLOCK = 64 * 1024;

	private final RequestBodyReader bodies;

	private final Semaphore permits;

	private final Semaphore blocks;

	private final int limit;

	IngestGate(IngestProperties properties, RequestBodyReader bodies) {
		this.bodies = bodies;
		this.limit = properties.maxConcurrentBatches();
		this.permits = new Semaphore(limit);
		this.blocks = new Semaphore((int) Math.min(Integer.MAX_VALUE,
				(long) limit * ((properties.maxDecompressedSize().toBytes() + BLOCK - 1) / BLOCK)));
	}

	/**
	 * Receives the request's body within the byte budget, then evaluates it holding a
	 * permit.
	 */
	<T> T ingest(HttpServletRequest request, Work<T> work) throws IOException {
		try (Reservation reservation = new Reservation()) {
			byte[] body = bodies.read(request, reservation::hold);
			if (!permits.tryAcquire()) {
				throw IngestException.overloaded(limit);
			}
			try {
				return work.run(body);
			}
			finally {
				permits.release();
			}
		}
	}

	/** Reading and evaluating one request's body. */
	@FunctionalInterface
	interface Work<T> {

		T run(byte[] body) throws IOException;

	}

	/** The blocks of the budget one body holds, given back when its request is done. */
	private final class Reservation implements AutoCloseable {

		private int held;

		/**
		 * Takes blocks for a body grown to {@code bytes}; refuses the request when the
		 * budget is spent.
		 */
		void hold(long bytes) {
			while ((long) held * BLOCK < bytes) {
				if (!blocks.tryAcquire()) {
					throw IngestException.overloaded(limit);
				}
				held++;
			}
		}

		@Override
		public void close() {
			blocks.release(held);
		}

	}

}
