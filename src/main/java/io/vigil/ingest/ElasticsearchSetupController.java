package io.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * What log shippers and Elasticsearch clients ask before they send events: the info
 * document, license and health probes, and the set-up calls for index templates, ILM
 * policies and pipelines. Each answers as a healthy single-node Elasticsearch of the
 * configured version would, so that the client goes on to {@code _bulk}.
 */
@RestController
@Tag(name = "Elasticsearch-compatible")
class ElasticsearchSetupController {

	private static final String CLUSTER = "vigil";

	private static final String UUID_OF_CLUSTER = UUID.nameUUIDFromBytes(CLUSTER.getBytes(StandardCharsets.UTF_8))
		.toString();

	private static final String RELEASED = "2024-01-01T00:00:00.000Z";

	private final IngestProperties properties;

	private final Clock clock;

	ElasticsearchSetupController(IngestProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/** Elasticsearch's root document; clients check {@code version.number}. */
	record Info(String name, String clusterName, String clusterUuid, Version version, String tagline) {
	}

	record Version(String number, String buildFlavor, String buildType, String buildHash, String buildDate,
			boolean buildSnapshot, String luceneVersion, String minimumWireCompatibilityVersion,
			String minimumIndexCompatibilityVersion) {
	}

	record LicenseResponse(License license) {
	}

	record License(String status, String uid, String type, String issueDate, long issueDateInMillis, int maxNodes,
			String issuedTo, String issuer, long startDateInMillis) {
	}

	record ClusterHealth(String clusterName, String status, boolean timedOut, int numberOfNodes, int numberOfDataNodes,
			int activePrimaryShards, int activeShards, int relocatingShards, int initializingShards,
			int unassignedShards) {
	}

	record Acknowledged(boolean acknowledged) {
	}

	@GetMapping("/")
	@Operation(summary = "Cluster info, as Elasticsearch's root endpoint (also HEAD)")
	Info info() {
		return new Info(CLUSTER, CLUSTER, UUID_OF_CLUSTER, new Version(properties.elasticsearchVersion(), "default",
				"docker", "vigil", RELEASED, false, "9.12.0", "7.17.0", "7.0.0"), "You Know, for Search");
	}

	@GetMapping("/_license")
	@Operation(summary = "An active basic license: Beats and Logstash refuse a server without one")
	LicenseResponse license() {
		return new LicenseResponse(new License("active", UUID_OF_CLUSTER, "basic", RELEASED, 1704067200000L, 1000,
				CLUSTER, "elasticsearch", -1));
	}

	@GetMapping("/_cluster/health")
	@Operation(summary = "Cluster health (Vector's health check)")
	ClusterHealth clusterHealth() {
		return new ClusterHealth(CLUSTER, "green", false, 1, 1, 0, 0, 0, 0, 0);
	}

	@GetMapping("/_cat/health")
	@Operation(summary = "Health as text (rsyslog's HEAD health check)")
	String catHealth() {
		return "%d %s %s green 1 1 0 0 0 0 0 0 - 100.0%%\n".formatted(clock.instant().getEpochSecond(), "00:00:00",
				CLUSTER);
	}

	@RequestMapping(path = { "/_index_template/**", "/_template/**", "/_component_template/**", "/_ilm/policy/**",
			"/_ingest/pipeline/**" }, method = { RequestMethod.GET, RequestMethod.PUT, RequestMethod.POST })
	@Operation(summary = "Index template, ILM and pipeline set-up calls, acknowledged when ingest.lenient is on")
	ResponseEntity<?> setup() {
		if (!properties.lenient()) {
			return ElasticsearchErrors.error(HttpStatus.NOT_FOUND, "resource_not_found_exception",
					"index templates, ILM policies and pipelines are not managed here; turn off the shipper's set-up");
		}
		return ResponseEntity.ok(new Acknowledged(true));
	}

}
