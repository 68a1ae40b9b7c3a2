package io.vigil.detection;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vigil.alerts.AlertInserter;
import io.vigil.support.Http;
import io.vigil.support.StoredCandidates;
import io.vigil.support.VigilIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.util.AopTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

/**
 * A commit that fails after the engine evaluated the batch (here: storing its alert
 * fails) leaves the engine holding a sequence it believes produced. The engine is rebuilt
 * from the database before the next batch, so the batch the shipper sends again produces
 * the alert.
 */
@VigilIntegrationTest(properties = { VigilIntegrationTest.DATABASE, "detection.tick=1h" })
class FailedCommitIntegrationTests {

	@MockitoSpyBean
	AlertInserter alerts;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	@Test
	void theBatchSentAgainAfterAFailedCommitProducesItsAlert() {
		AtomicBoolean failNext = new AtomicBoolean(true);
		doAnswer(invocation -> {
			// the periodic tick stores its (usually no) detections too: fail the batch's
			// insert only
			if (!invocation.<List<?>>getArgument(0).isEmpty() && failNext.getAndSet(false)) {
				throw new DataAccessResourceFailureException("connection lost while storing alerts");
			}
			return invocation.callRealMethod();
		}).when(AopTestUtils.<AlertInserter>getUltimateTargetObject(alerts)).insert(any(), any());
		Http http = new Http(port);
		String attack = """
				{"@timestamp":"2024-05-14T08:00:23Z","event":{"id":"failed-commit-net","category":["network"]},"host":{"id":"failed-commit","os":{"type":"windows"}},"network":{"direction":"incoming","protocol":"http"},"source":{"ip":"10.1.2.3"},"destination":{"port":5985}}
				{"@timestamp":"2024-05-14T08:00:27Z","event":{"id":"failed-commit-proc","category":["process"],"type":["start"]},"host":{"id":"failed-commit","os":{"type":"windows"}},"process":{"executable":"C:\\\\Windows\\\\System32\\\\whoami.exe","parent":{"name":"wsmprovhost.exe"}}}""";

		Http.Response failed = http.post("/api/v1/events", "application/x-ndjson", attack);
		assertThat(failed.status()).isEqualTo(503);
		assertThat(StoredCandidates.withIdPrefix(jdbc, "failed-commit")).as("nothing of the failed batch was stored")
			.isEmpty();

		Http.Response resent = http.post("/api/v1/events", "application/x-ndjson", attack);
		assertThat(resent.status()).isEqualTo(200);
		assertThat(resent.json().get("accepted").asInt()).isEqualTo(2);
		assertThat(resent.json().get("alerts_created").asInt()).isEqualTo(1);
	}

}
