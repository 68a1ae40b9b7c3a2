package io.vigil.ingest;

import java.time.Duration;

/**
 * Why a whole ingest request is refused, with the status it maps to and the Elasticsearch
 * error type shippers expect for it: the controllers answer it as problem+json on our API
 * and as Elasticsearch's error envelope on the compatible endpoints.
 */
final class IngestException extends RuntimeException {

	private final int status;

	private final String elasticsearchType;

	private IngestException(int status, String elasticsearchType, String message) {
		super(message);
		this.status = status;
		this.elasticsearchType = elasticsearchType;
	}

	static IngestException tooLarge(String property, long limit) {
		return new IngestException(413, "content_too_long_exception",
				"the request is larger than %s (%d bytes)".formatted(property, limit));
	}

	static IngestException tooManyEvents(int limit) {
		return new IngestException(413, "content_too_long_exception",
				"the request holds more than ingest.max-events-per-batch (%d) events".formatted(limit));
	}

	/**
	 * Malformed JSON, a malformed bulk structure, or a compressed body that does not
	 * decode.
	 */
	static IngestException malformed(String message) {
		return new IngestException(400, "illegal_argument_exception", message);
	}

	/** A Content-Encoding or body type the service does not read. */
	static IngestException unsupported(String message) {
		return new IngestException(415, "illegal_argument_exception", message);
	}

	static IngestException overloaded(int limit) {
		return new IngestException(429, "es_rejected_execution_exception",
				"more than ingest.max-concurrent-batches (%d) batches are being evaluated; retry shortly"
					.formatted(limit));
	}

	/** A body that did not arrive within {@code ingest.body-read-timeout}. */
	static IngestException timedOut(Duration timeout) {
		return new IngestException(408, "timeout_exception",
				"the request body did not arrive within ingest.body-read-timeout (%s)".formatted(timeout));
	}

	int status() {
		return status;
	}

	String elasticsearchType() {
		return elasticsearchType;
	}

	/** Answered with {@code Retry-After}: the client should simply try again. */
	boolean overload() {
		return status == 429;
	}

}
