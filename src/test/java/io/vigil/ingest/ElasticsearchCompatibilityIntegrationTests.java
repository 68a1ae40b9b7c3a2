package io.vigil.ingest;

import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.vigil.support.Http;
import io.vigil.support.VigilIntegrationTest;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Elasticsearch-compatible endpoints, driven by the official Java client and by raw
 * HTTP.
 */
@VigilIntegrationTest
class ElasticsearchCompatibilityIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theOfficialJavaClientBulkIngestsTheSeedAttack() throws Exception {
		try (RestClient rest = RestClient.builder(new HttpHost("localhost", port)).build()) {
			ElasticsearchClient client = new ElasticsearchClient(
					new RestClientTransport(rest, new JacksonJsonpMapper()));
			assertThat(client.info().version().number()).isEqualTo("8.17.0");
			List<BulkOperation> operations = List.of(
					create("java-net", IngestIntegrationTests.NETWORK.formatted("java-client")),
					create("java-proc", IngestIntegrationTests.PROCESS.formatted("java-client")));
			BulkResponse first = client.bulk(bulk -> bulk.operations(operations));
			assertThat(first.errors()).isFalse();
			assertThat(first.items()).extracting(item -> item.status()).containsExactly(201, 201);
			JsonNode alert = alertThroughTheApi("java-client");
			assertThat(alert.get("rule").get("name").asString())
				.isEqualTo("Incoming Execution via PowerShell Remoting");
			assertThat(alert.get("events").get(0).get("event_id").asString()).isEqualTo("java-client-net");
			assertThat(alert.get("events").get(1).get("event_id").asString()).isEqualTo("java-client-proc");
			assertThat(alert.get("events").get(1).get("source").get("process").get("parent").get("name").asString())
				.isEqualTo("wsmprovhost.exe");
			assertThat(new Http(port).get("/api/v1/alerts/" + alert.get("id").asString()).json().get("id").asString())
				.isEqualTo(alert.get("id").asString());

			BulkResponse again = client.bulk(bulk -> bulk.operations(operations));
			assertThat(again.errors()).isTrue();
			assertThat(again.items()).extracting(item -> item.status()).containsExactly(409, 409);
			assertThat(again.items().getFirst().error().type()).isEqualTo("version_conflict_engine_exception");
			assertThat(alertsFor("java-client")).isEqualTo(1);
		}
	}

	private static BulkOperation create(String id, String json) {
		Map<?, ?> document = JSON.readValue(json, Map.class);
		return BulkOperation.of(operation -> operation
			.create(create -> create.index("logs-endpoint.events.process-default").id(id).document(document)));
	}

	@Test
	void probesThatShippersCall() {
		Http http = new Http(port);
		Http.Response info = http.get("/");
		assertThat(info.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
		assertThat(info.json().get("version").get("number").asString()).isEqualTo("8.17.0");
		assertThat(info.json().get("tagline").asString()).isEqualTo("You Know, for Search");
		// the names clients read, in Elasticsearch's snake_case
		assertThat(info.json().get("cluster_uuid").asString()).hasSize(36);
		assertThat(info.json().get("version").get("minimum_wire_compatibility_version").asString()).isEqualTo("7.17.0");
		assertThat(http.head("/").status()).isEqualTo(200);
		assertThat(http.head("/_cat/health").status()).isEqualTo(200);
		JsonNode license = http.get("/_license").json().get("license");
		assertThat(license.get("status").asString()).isEqualTo("active");
		assertThat(license.get("issue_date_in_millis").asLong()).isEqualTo(1704067200000L);
		JsonNode health = http.get("/_cluster/health").json();
		assertThat(health.get("status").asString()).isEqualTo("green");
		assertThat(health.get("number_of_nodes").asInt()).isEqualTo(1);
		assertThat(http.post("/_index_template/logs", "application/json", "{}").json().get("acknowledged").asBoolean())
			.isTrue();
	}

	@Test
	void bulkItemsComeBackInOrderWithCompactErrorsBeforeItems() {
		String body = """
				{"index":{"_index":"logs-endpoint.events.network-default","_id":"raw-1"}}
				%s
				{"delete":{"_index":"x","_id":"1"}}
				{"update":{"_id":"2"}}
				{"doc":{"a":1}}
				{"create":{"_id":"raw-3"}}
				{"message":"no timestamp"}""".formatted(IngestIntegrationTests.NETWORK.formatted("raw"));
		Http.Response response = new Http(port).post("/_bulk", "application/json; charset=UTF-8", body);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
		assertThat(response.body()).startsWith("{\"took\":").contains("\"errors\":true,\"items\":[");
		JsonNode items = response.json().get("items");
		assertThat(items.get(0).get("index").get("status").asInt()).isEqualTo(201);
		assertThat(items.get(0).get("index").get("_index").asString())
			.isEqualTo("logs-endpoint.events.network-default");
		assertThat(items.get(0).get("index").get("result").asString()).isEqualTo("created");
		assertThat(items.get(0).get("index").get("_shards").get("successful").asInt()).isEqualTo(1);
		assertThat(items.get(0).get("index").has("_seq_no")).isTrue();
		assertThat(items.get(0).get("index").has("error")).isFalse();
		assertThat(items.get(1).get("delete").get("status").asInt()).isEqualTo(404);
		assertThat(items.get(1).get("delete").get("result").asString()).isEqualTo("not_found");
		assertThat(items.get(2).get("update").get("status").asInt()).isEqualTo(400);
		assertThat(items.get(2).get("update").get("error").get("type").asString())
			.isEqualTo("illegal_argument_exception");
		assertThat(items.get(3).get("create").get("status").asInt()).isEqualTo(400);
		// a failed item has only what Elasticsearch gives a failed item
		assertThat(items.get(3).get("create").has("_version")).isFalse();
		assertThat(items.get(3).get("create").has("result")).isFalse();
		assertThat(items.get(3).get("create").get("error").get("reason").asString())
			.isEqualTo("the event has no [@timestamp]");
	}

	@Test
	void thePathIndexIsTheDefaultAndScopesTheRules() {
		String attack = "{\"create\":{}}\n" + IngestIntegrationTests.NETWORK.formatted("elsewhere")
				+ "\n{\"create\":{}}\n" + IngestIntegrationTests.PROCESS.formatted("elsewhere") + "\n";
		JsonNode other = new Http(port).post("/some-app-logs/_bulk", "application/x-ndjson", attack).json();
		assertThat(other.get("items").get(0).get("create").get("_index").asString()).isEqualTo("some-app-logs");
		assertThat(alertsFor("elsewhere")).isZero();
		String scoped = attack.replace("elsewhere", "winlog");
		new Http(port).post("/winlogbeat-8.13.2/_bulk", "application/x-ndjson", scoped);
		assertThat(alertsFor("winlog")).isEqualTo(1);
	}

	@Test
	void aBulkSentThreeTimesStoresOneSetOfAlerts() {
		String withIds = "{\"index\":{}}\n" + IngestIntegrationTests.NETWORK.formatted("bulk-again")
				+ "\n{\"index\":{}}\n" + IngestIntegrationTests.PROCESS.formatted("bulk-again") + "\n";
		String withoutIds = withIds.replace("\"id\":\"bulk-again-net\",", "")
			.replace("\"id\":\"bulk-again-proc\",", "")
			.replace("bulk-again", "bulk-again-noid");
		for (String body : List.of(withIds, withoutIds)) {
			for (int attempt = 1; attempt <= 3; attempt++) {
				JsonNode items = new Http(port)
					.post("/logs-endpoint.events.process-default/_bulk", "application/x-ndjson", body)
					.json()
					.get("items");
				int expected = attempt == 1 ? 201 : 200;
				assertThat(items.get(0).get("index").get("status").asInt()).isEqualTo(expected);
				assertThat(items.get(1).get("index").get("status").asInt()).isEqualTo(expected);
			}
		}
		assertThat(alertsFor("bulk-again")).isEqualTo(2);
		assertThat(alertsFor("bulk-again-noid")).isEqualTo(1);
	}

	@Test
	void wholeRequestErrorsUseTheElasticsearchEnvelope() {
		Http.Response malformed = new Http(port).post("/_bulk", "application/x-ndjson", "{\"explode\":{}}\n{}\n");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.json().get("error").get("type").asString()).isEqualTo("illegal_argument_exception");
		assertThat(malformed.json().get("error").get("root_cause").get(0).get("reason").asString())
			.startsWith("Malformed action/metadata line [1]");
		assertThat(malformed.json().get("status").asInt()).isEqualTo(400);
		Http.Response form = new Http(port).post("/_bulk", "application/x-www-form-urlencoded", "a=b");
		assertThat(form.status()).isEqualTo(406);
		assertThat(form.json().get("error").get("type").asString()).isEqualTo("illegal_argument_exception");
	}

	private JsonNode alertThroughTheApi(String host) {
		JsonNode alerts = new Http(port).get("/api/v1/alerts?rule_id=2772264c-6fb9-4d9d-9014-b416eed21254").json();
		return alerts.get("alerts")
			.valueStream()
			.filter(alert -> host.equals(alert.get("keys").get("host.id").asString()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no alert for " + host + " in " + alerts));
	}

	private int alertsFor(String host) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE join_keys LIKE ?", Integer.class,
				"%" + host + "%");
	}

}
