package io.vigil.ingest;

/**
 * Why a whole ingest request is refused. Each kind maps to one status: the controllers answer it
 * as problem+json on our API and as Elasticsearch's error envelope on the compatible endpoints.
 */
abstract sealed class IngestException extends RuntimeException {

	IngestException(String message) {
		super(message);
	}

	abstract int status();

	/** The Elasticsearch error type that shippers expect for this status. */
	abstract String elasticsearchType();

	/** A body larger than a limit; 413. */
	static final class TooLarge extends IngestException {

		TooLarge(String property, long limit) {
			super("the request is larger than %s (%d bytes)".formatted(property, limit));
		}

		@Override
		int status() {
			return 413;
		}

		@Override
		String elasticsearchType() {
			return "content_too_long_exception";
		}

	}

	/** Too many events in one request; 413. */
	static final class TooManyEvents extends IngestException {

		TooManyEvents(int limit) {
			super("the request holds more than ingest.max-events-per-batch (%d) events".formatted(limit));
		}

		@Override
		int status() {
			return 413;
		}

		@Override
		String elasticsearchType() {
			return "content_too_long_exception";
		}

	}

	/** A body whose JSON (or bulk structure) is malformed; 400. */
	static final class Malformed extends IngestException {

		Malformed(String message) {
			super(message);
		}

		@Override
		int status() {
			return 400;
		}

		@Override
		String elasticsearchType() {
			return "illegal_argument_exception";
		}

	}

	/** A compressed body that does not decode; 400. */
	static final class BadEncoding extends IngestException {

		BadEncoding(String message) {
			super(message);
		}

		@Override
		int status() {
			return 400;
		}

		@Override
		String elasticsearchType() {
			return "illegal_argument_exception";
		}

	}

	/** A Content-Encoding we cannot decode; 415. */
	static final class UnsupportedEncoding extends IngestException {

		UnsupportedEncoding(String message) {
			super(message);
		}

		@Override
		int status() {
			return 415;
		}

		@Override
		String elasticsearchType() {
			return "illegal_argument_exception";
		}

	}

	/** A body type we do not read (msgpack, a form); 415 (406 on the compatible endpoints, as Elasticsearch). */
	static final class UnsupportedMediaType extends IngestException {

		UnsupportedMediaType(String message) {
			super(message);
		}

		@Override
		int status() {
			return 415;
		}

		@Override
		String elasticsearchType() {
			return "illegal_argument_exception";
		}

	}

	/** More batches in flight than allowed; 429 with Retry-After. */
	static final class Overloaded extends IngestException {

		Overloaded(int limit) {
			super("more than ingest.max-concurrent-batches (%d) batches are being evaluated; retry shortly"
				.formatted(limit));
		}

		@Override
		int status() {
			return 429;
		}

		@Override
		String elasticsearchType() {
			return "es_rejected_execution_exception";
		}

	}

}
