package io.vigil.detection;

/**
 * Nothing of a batch was taken in, and sending it again later will succeed: the broker is
 * unreachable, or this instance does not ingest.
 */
public final class IngestUnavailableException extends RuntimeException {

	public IngestUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public IngestUnavailableException(String message) {
		super(message);
	}

}
