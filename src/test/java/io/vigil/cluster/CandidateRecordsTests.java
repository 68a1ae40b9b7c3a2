package io.vigil.cluster;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CandidateRecordsTests {

	private static final byte[] SOURCE = "{\"@timestamp\":\"2024-05-14T08:00:00Z\",\"message\":\"é\"}"
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void aForwardedCandidateIsReadBackWithTheOffsetAsItsArrival() {
		RecordHeaders headers = new RecordHeaders();
		CandidateRecords.write(headers, "event-1", 1_715_673_600_000L, 1_715_673_601_000L,
				"logs-endpoint.events.process-default");

		CandidateRecords.Stored stored = CandidateRecords.read(headers, SOURCE, 42);

		assertThat(stored.eventId()).isEqualTo("event-1");
		assertThat(stored.timestamp()).isEqualTo(1_715_673_600_000L);
		assertThat(stored.ingested()).isEqualTo(1_715_673_601_000L);
		assertThat(stored.arrival()).isEqualTo(42);
		assertThat(stored.index()).isEqualTo("logs-endpoint.events.process-default");
	}

	@Test
	void aStoredCandidateSurvivesTheStore() {
		CandidateRecords.Stored stored = new CandidateRecords.Stored("ïd", 1L, 2L, 3L, null, SOURCE);

		CandidateRecords.Stored back = CandidateRecords.Stored.fromBytes(stored.toBytes());

		assertThat(back.eventId()).isEqualTo("ïd");
		assertThat(back.timestamp()).isEqualTo(1L);
		assertThat(back.ingested()).isEqualTo(2L);
		assertThat(back.arrival()).isEqualTo(3L);
		assertThat(back.index()).isNull();
		assertThat(back.source()).isEqualTo(SOURCE);
	}

	@Test
	void aRecordWithoutTheHeadersIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> CandidateRecords.read(new RecordHeaders(), SOURCE, 0))
			.withMessageContaining("vigil.event.id");
	}

}
