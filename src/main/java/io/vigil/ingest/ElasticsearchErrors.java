package io.vigil.ingest;

import java.util.List;

import io.vigil.api.DatabaseOutage;
import io.vigil.api.RetryAfter;
import io.vigil.detection.IngestUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the Elasticsearch-compatible endpoints in Elasticsearch's error envelope,
 * which shippers and Elasticsearch clients parse. Ordered before the API's problem
 * details, which answer every other endpoint.
 */
@RestControllerAdvice(assignableTypes = { BulkController.class, ElasticsearchSetupController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class ElasticsearchErrors {

	private static final Logger log = LoggerFactory.getLogger(ElasticsearchErrors.class);

	/** Elasticsearch's error envelope: the error, its root causes and the status. */
	record Envelope(Cause error, int status) {
	}

	/** An error as Elasticsearch describes it. */
	record Cause(String type, String reason, List<Reason> rootCause) {
	}

	/** A cause without causes of its own: a root cause, or a bulk item's error. */
	record Reason(String type, String reason) {
	}

	static ResponseEntity<Envelope> error(HttpStatus status, String type, String reason) {
		return ResponseEntity.status(status)
			.body(new Envelope(new Cause(type, reason, List.of(new Reason(type, reason))), status.value()));
	}

	@ExceptionHandler
	ResponseEntity<Envelope> refused(IngestException ex) {
		ResponseEntity<Envelope> response = error(HttpStatus.valueOf(ex.status()), ex.elasticsearchType(),
				ex.getMessage());
		return ex.overload() ? retryAfter(response, RetryAfter.OVERLOADED) : response;
	}

	/**
	 * The database cannot be reached: nothing was stored, the shipper should send the
	 * batch again.
	 */
	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<Envelope> databaseFailure(RuntimeException ex) {
		if (!DatabaseOutage.causedBy(ex)) {
			log.error("Database failure", ex);
			return error(HttpStatus.INTERNAL_SERVER_ERROR, "exception",
					"The database refused the request; nothing of it was stored");
		}
		return retryAfter(
				error(HttpStatus.SERVICE_UNAVAILABLE, "unavailable_shards_exception",
						"The database is unavailable; nothing of this request was stored, send it again"),
				RetryAfter.UNAVAILABLE);
	}

	/**
	 * Nothing of the batch was taken in (the broker is unreachable): the shipper should
	 * send it again.
	 */
	@ExceptionHandler
	ResponseEntity<Envelope> unavailable(IngestUnavailableException ex) {
		return retryAfter(error(HttpStatus.SERVICE_UNAVAILABLE, "unavailable_shards_exception", ex.getMessage()),
				RetryAfter.UNAVAILABLE);
	}

	private static ResponseEntity<Envelope> retryAfter(ResponseEntity<Envelope> response, String seconds) {
		return ResponseEntity.status(response.getStatusCode())
			.header(HttpHeaders.RETRY_AFTER, seconds)
			.body(response.getBody());
	}

}
