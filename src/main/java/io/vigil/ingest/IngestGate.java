package io.vigil.ingest;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import io.vigil.detection.IngestProperties;

import org.springframework.stereotype.Component;

/**
 * Bounds the batches evaluated at once. Beyond the bound a request is refused at once with 429,
 * which every shipper retries, instead of queueing without limit.
 */
@Component
class IngestGate {

	private final Semaphore permits;

	private final int limit;

	IngestGate(IngestProperties properties) {
		this.limit = properties.maxConcurrentBatches();
		this.permits = new Semaphore(limit);
	}

	<T> T run(Supplier<T> work) {
		if (!permits.tryAcquire()) {
			throw IngestException.overloaded(limit);
		}
		try {
			return work.get();
		}
		finally {
			permits.release();
		}
	}

}
