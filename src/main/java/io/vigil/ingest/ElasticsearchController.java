package io.vigil.ingest;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.vigil.api.DatabaseOutage;
import io.vigil.api.RetryAfter;
import io.vigil.detection.EventIngestion;
import io.vigil.detection.IngestResult;
import io.vigil.detection.IngestUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The part of Elasticsearch's API that log shippers and Elasticsearch clients need to
 * deliver events unchanged: the info document, license and health probes, and
 * {@code _bulk}. Errors use Elasticsearch's error envelope, which these clients parse.
 */
@RestController
@Tag(name = "Elasticsearch-compatible")
class ElasticsearchController {

	private static final Logger log = LoggerFactory.getLogger(ElasticsearchController.class);

	private static final String CLUSTER = "vigil";

	private final EventBatchReader reader;

	private final IngestGate gate;

	private final EventIngestion detection;

	private final IngestProperties properties;

	private final String clusterUuid = UUID.nameUUIDFromBytes(CLUSTER.getBytes()).toString();

	ElasticsearchController(EventBatchReader reader, IngestGate gate, EventIngestion detection,
			IngestProperties properties) {
		this.reader = reader;
		this.gate = gate;
		this.detection = detection;
		this.properties = properties;
	}

	@GetMapping("/")
	@Operation(summary = "Cluster info, as Elasticsearch's root endpoint (also HEAD)")
	Map<String, Object> info() {
		Map<String, Object> version = new LinkedHashMap<>();
		version.put("number", properties.elasticsearchVersion());
		version.put("build_flavor", "default");
		version.put("build_type", "docker");
		version.put("build_hash", "vigil");
		version.put("build_date", "2024-01-01T00:00:00.000Z");
		version.put("build_snapshot", false);
		version.put("lucene_version", "9.12.0");
		version.put("minimum_wire_compatibility_version", "7.17.0");
		version.put("minimum_index_compatibility_version", "7.0.0");
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("name", CLUSTER);
		info.put("cluster_name", CLUSTER);
		info.put("cluster_uuid", clusterUuid);
		info.put("version", version);
		info.put("tagline", "You Know, for Search");
		return info;
	}

	@GetMapping("/_license")
	@Operation(summary = "An active basic license: Beats and Logstash refuse a server without one")
	Map<String, Object> license() {
		Map<String, Object> license = new LinkedHashMap<>();
		license.put("status", "active");
		license.put("uid", clusterUuid);
		license.put("type", "basic");
		license.put("issue_date", "2024-01-01T00:00:00.000Z");
		license.put("issue_date_in_millis", 1704067200000L);
		license.put("max_nodes", 1000);
		license.put("issued_to", CLUSTER);
		license.put("issuer", "elasticsearch");
		license.put("start_date_in_millis", -1);
		return Map.of("license", license);
	}

	@GetMapping("/_cluster/health")
	@Operation(summary = "Cluster health (Vector's health check)")
	Map<String, Object> clusterHealth() {
		Map<String, Object> health = new LinkedHashMap<>();
		health.put("cluster_name", CLUSTER);
		health.put("status", "green");
		health.put("timed_out", false);
		health.put("number_of_nodes", 1);
		health.put("number_of_data_nodes", 1);
		health.put("active_primary_shards", 0);
		health.put("active_shards", 0);
		health.put("relocating_shards", 0);
		health.put("initializing_shards", 0);
		health.put("unassigned_shards", 0);
		return health;
	}

	@GetMapping("/_cat/health")
	@Operation(summary = "Health as text (rsyslog's HEAD health check)")
	String catHealth() {
		return "%d %s %s green 1 1 0 0 0 0 0 0 - 100.0%%\n".formatted(Instant.now().getEpochSecond(), "00:00:00",
				CLUSTER);
	}

	@RequestMapping(path = { "/_index_template/**", "/_template/**", "/_component_template/**", "/_ilm/policy/**",
			"/_ingest/pipeline/**" }, method = { RequestMethod.GET, RequestMethod.PUT, RequestMethod.POST })
	@Operation(summary = "Index template, ILM and pipeline set-up calls, acknowledged when ingest.lenient is on")
	ResponseEntity<Map<String, Object>> setup() {
		if (!properties.lenient()) {
			return error(HttpStatus.NOT_FOUND, "resource_not_found_exception",
					"index templates, ILM policies and pipelines are not managed here; turn off the shipper's set-up");
		}
		return ResponseEntity.ok(Map.of("acknowledged", true));
	}

	@RequestMapping(path = { "/_bulk", "/{index}/_bulk" }, method = { RequestMethod.POST, RequestMethod.PUT })
	@Operation(summary = "Bulk ingest (index, create, delete, update actions)",
			description = "NDJSON whatever the Content-Type, gzip or deflate accepted. One item per action, in "
					+ "order; a create whose _id was ingested before answers 409, which shippers count as delivered.")
	ResponseEntity<Map<String, Object>> bulk(HttpServletRequest request,
			@PathVariable(required = false) @Nullable String index) throws IOException {
		long start = System.nanoTime();
		String type = request.getContentType() == null ? "" : request.getContentType();
		// Elasticsearch's own answer to a body type it does not read (our API answers
		// 415)
		if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
			return error(HttpStatus.NOT_ACCEPTABLE, "illegal_argument_exception",
					"Content-Type header [%s] is not supported".formatted(type));
		}
		return gate.ingest(request, body -> bulk(BulkRequest.parse(body, index, reader), start));
	}

	private ResponseEntity<Map<String, Object>> bulk(BulkRequest bulk, long start) {
		if (bulk.operations().size() > properties.maxEventsPerBatch()) {
			throw IngestException.tooManyEvents(properties.maxEventsPerBatch());
		}
		IngestResult result = detection.ingest(bulk.events());
		Map<Integer, String> reasons = new HashMap<>();
		result.errors().forEach(error -> reasons.put(error.index(), error.reason()));
		List<Map<String, Object>> items = new ArrayList<>();
		boolean errors = false;
		for (BulkRequest.Operation operation : bulk.operations()) {
			Map<String, Object> item = operation.event() < 0 ? item(operation, null, null)
					: item(operation, result.statuses().get(operation.event()), reasons.get(operation.event()));
			errors |= item.containsKey("error");
			items.add(Map.of(operation.action(), item));
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("took", (System.nanoTime() - start) / 1_000_000);
		response.put("errors", errors);
		response.put("items", items);
		return ResponseEntity.ok(response);
	}

	private static Map<String, Object> item(BulkRequest.Operation operation, IngestResult.@Nullable Status status,
			@Nullable String reason) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("_index", operation.index() == null ? "" : operation.index());
		item.put("_id", operation.id() == null ? "" : operation.id());
		switch (operation.action()) {
			case "delete" -> {
				item.put("_version", 1);
				item.put("result", "not_found");
				item.put("status", 404);
			}
			case "update" -> {
				item.put("status", 400);
				item.put("error", errorBody("illegal_argument_exception",
						"update actions are not supported: events are evaluated as they arrive; use index or create"));
			}
			default -> {
				if (reason != null) {
					item.put("status", 400);
					item.put("error", errorBody("document_parsing_exception", reason));
				}
				else if (status == IngestResult.Status.DUPLICATE && operation.action().equals("create")) {
					item.put("status", 409);
					item.put("error",
							errorBody("version_conflict_engine_exception",
									"[%s]: version conflict, document already exists (current version [1])"
										.formatted(operation.id() == null ? "" : operation.id())));
				}
				else {
					boolean created = status == IngestResult.Status.ACCEPTED;
					item.put("_version", 1);
					item.put("result", created ? "created" : "updated");
					item.put("_shards", Map.of("total", 1, "successful", 1, "failed", 0));
					item.put("_seq_no", 0);
					item.put("_primary_term", 1);
					item.put("status", created ? 201 : 200);
				}
			}
		}
		return item;
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> refused(IngestException ex) {
		ResponseEntity<Map<String, Object>> response = error(HttpStatus.valueOf(ex.status()), ex.elasticsearchType(),
				ex.getMessage());
		if (ex.overload()) {
			return ResponseEntity.status(ex.status())
				.header(HttpHeaders.RETRY_AFTER, RetryAfter.OVERLOADED)
				.body(response.getBody());
		}
		return response;
	}

	/**
	 * The database cannot be reached: nothing was stored, the shipper should send the
	 * batch again.
	 */
	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<Map<String, Object>> databaseFailure(RuntimeException ex) {
		if (!DatabaseOutage.causedBy(ex)) {
			log.error("Database failure", ex);
			return error(HttpStatus.INTERNAL_SERVER_ERROR, "exception",
					"The database refused the request; nothing of it was stored");
		}
		ResponseEntity<Map<String, Object>> response = error(HttpStatus.SERVICE_UNAVAILABLE,
				"unavailable_shards_exception",
				"The database is unavailable; nothing of this request was stored, send it again");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RetryAfter.UNAVAILABLE)
			.body(response.getBody());
	}

	/**
	 * Nothing of the batch was taken in (the broker is unreachable): the shipper should
	 * send it again.
	 */
	@ExceptionHandler
	ResponseEntity<Map<String, Object>> unavailable(IngestUnavailableException ex) {
		ResponseEntity<Map<String, Object>> response = error(HttpStatus.SERVICE_UNAVAILABLE,
				"unavailable_shards_exception", ex.getMessage());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, RetryAfter.UNAVAILABLE)
			.body(response.getBody());
	}

	/** Elasticsearch's error envelope. */
	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String type, String reason) {
		Map<String, Object> body = new LinkedHashMap<>();
		Map<String, Object> error = new LinkedHashMap<>(errorBody(type, reason));
		error.put("root_cause", List.of(errorBody(type, reason)));
		body.put("error", error);
		body.put("status", status.value());
		return ResponseEntity.status(status).body(body);
	}

	private static Map<String, Object> errorBody(String type, String reason) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("type", type);
		error.put("reason", reason);
		return error;
	}

}
