package io.vigil.ingest;

import java.io.IOException;
import java.util.concurrent.Semaphore;


import org.springframework.stereotype.Component;

/**
 * Bounds the batches in flight. Beyond the bound a request is refused at once with 429, which
 * every shipper retries, instead of queueing without limit. A permit is taken before the body is
 * read, so the heap a burst can take is bounded by the permits times the body size limits.
 */
@Component
class IngestGate {

	private final Semaphore permits;

	private final int limit;

	IngestGate(IngestProperties properties) {
		this.limit = properties.maxConcurrentBatches();
		this.permits = new Semaphore(limit);
	}

	<T> T run(Work<T> work) throws IOException {
		if (!permits.tryAcquire()) {
			throw IngestException.overloaded(limit);
		}
		try {
			return work.run();
		}
		finally {
			permits.release();
		}
	}

	/** Reading, parsing and evaluating one request. */
	@FunctionalInterface
	interface Work<T> {

		T run() throws IOException;

	}

}
