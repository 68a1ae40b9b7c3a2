package io.vigil.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.detection.EventIngestion;
import io.vigil.detection.IngestResult;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Elasticsearch's {@code _bulk}, as Beats, Logstash, Fluent Bit, Vector, rsyslog and the
 * Elasticsearch clients send it: one item per action, in order, in Elasticsearch's
 * shapes, so that each client retries exactly what it would retry against Elasticsearch.
 */
@RestController
@Tag(name = "Elasticsearch-compatible")
class BulkController {

	private final EventBatchReader reader;

	private final IngestGate gate;

	private final EventIngestion detection;

	private final IngestProperties properties;

	BulkController(EventBatchReader reader, IngestGate gate, EventIngestion detection, IngestProperties properties) {
		this.reader = reader;
		this.gate = gate;
		this.detection = detection;
		this.properties = properties;
	}

	/** The answer to a bulk request: an item per action, keyed by the action. */
	record BulkResponse(long took, boolean errors, List<Map<String, Item>> items) {
	}

	/** One action's outcome; what Elasticsearch leaves out for that outcome is absent. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Item(@JsonProperty("_index") String index, @JsonProperty("_id") String id,
			@JsonProperty("_version") @Nullable Integer version, @Nullable String result,
			@JsonProperty("_shards") @Nullable Shards shards, @JsonProperty("_seq_no") @Nullable Integer seqNo,
			@JsonProperty("_primary_term") @Nullable Integer primaryTerm, int status,
			ElasticsearchErrors.@Nullable Reason error) {

		static Item failed(BulkRequest.Operation operation, int status, String type, String reason) {
			return new Item(index(operation), id(operation), null, null, null, null, null, status,
					new ElasticsearchErrors.Reason(type, reason));
		}

		static Item written(BulkRequest.Operation operation, boolean created) {
			return new Item(index(operation), id(operation), 1, created ? "created" : "updated", Shards.ONE, 0, 1,
					created ? 201 : 200, null);
		}

		static Item notFound(BulkRequest.Operation operation) {
			return new Item(index(operation), id(operation), 1, "not_found", null, null, null, 404, null);
		}

		private static String index(BulkRequest.Operation operation) {
			return operation.index() == null ? "" : operation.index();
		}

		private static String id(BulkRequest.Operation operation) {
			return operation.id() == null ? "" : operation.id();
		}

		boolean hasError() {
			return error != null;
		}

	}

	record Shards(int total, int successful, int failed) {

		static final Shards ONE = new Shards(1, 1, 0);

	}

	@RequestMapping(path = { "/_bulk", "/{index}/_bulk" }, method = { RequestMethod.POST, RequestMethod.PUT })
	@Operation(summary = "Bulk ingest (index, create, delete, update actions)",
			description = "NDJSON whatever the Content-Type, gzip or deflate accepted. One item per action, in "
					+ "order; a create whose _id was ingested before answers 409, which shippers count as delivered.")
	ResponseEntity<?> bulk(HttpServletRequest request, @PathVariable(required = false) @Nullable String index)
			throws IOException {
		long start = System.nanoTime();
		String type = request.getContentType() == null ? "" : request.getContentType();
		// Elasticsearch's own answer to a body type it does not read (our API answers
		// 415)
		if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
			return ElasticsearchErrors.error(HttpStatus.NOT_ACCEPTABLE, "illegal_argument_exception",
					"Content-Type header [%s] is not supported".formatted(type));
		}
		return gate.ingest(request, body -> ResponseEntity.ok(bulk(BulkRequest.parse(body, index, reader), start)));
	}

	private BulkResponse bulk(BulkRequest bulk, long start) {
		if (bulk.operations().size() > properties.maxEventsPerBatch()) {
			throw IngestException.tooManyEvents(properties.maxEventsPerBatch());
		}
		IngestResult result = detection.ingest(bulk.events());
		Map<Integer, String> reasons = new HashMap<>();
		result.errors().forEach(error -> reasons.put(error.index(), error.reason()));
		List<Map<String, Item>> items = new ArrayList<>();
		boolean errors = false;
		for (BulkRequest.Operation operation : bulk.operations()) {
			Item item = operation.event() < 0 ? item(operation, null, null)
					: item(operation, result.statuses().get(operation.event()), reasons.get(operation.event()));
			errors |= item.hasError();
			items.add(Map.of(operation.action(), item));
		}
		return new BulkResponse((System.nanoTime() - start) / 1_000_000, errors, items);
	}

	private static Item item(BulkRequest.Operation operation, IngestResult.@Nullable Status status,
			@Nullable String reason) {
		return switch (operation.action()) {
			case "delete" -> Item.notFound(operation);
			case "update" -> Item.failed(operation, 400, "illegal_argument_exception",
					"update actions are not supported: events are evaluated as they arrive; use index or create");
			default -> {
				if (reason != null) {
					yield Item.failed(operation, 400, "document_parsing_exception", reason);
				}
				if (status == IngestResult.Status.DUPLICATE && operation.action().equals("create")) {
					yield Item.failed(operation, 409, "version_conflict_engine_exception",
							"[%s]: version conflict, document already exists (current version [1])"
								.formatted(Item.id(operation)));
				}
				yield Item.written(operation, status == IngestResult.Status.ACCEPTED);
			}
		};
	}

}
