package io.vigil.detection;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import io.vigil.detection.CandidateBatchFormat.StoredEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CandidateBatchFormatTests {

	@Test
	void eventsComeBackAsTheyWereStoredByteForByte() {
		byte[] source = "{\"message\":\"é \\u0000 \uD83D\uDE00\",\"n\":1.50}".getBytes(StandardCharsets.UTF_8);
		List<StoredEvent> events = List.of(new StoredEvent(41, 1000, "é-id", null, List.of("rule-a"), source),
				new StoredEvent(42, 2000, "e2", "logs-endpoint.events.network-default", List.of("rule-a", "rule-b"),
						new byte[0]));

		List<StoredEvent> read = CandidateBatchFormat.decode(CandidateBatchFormat.encode(events));

		assertThat(read).hasSize(2);
		assertThat(read.get(0).arrival()).isEqualTo(41);
		assertThat(read.get(0).ingestedAt()).isEqualTo(1000);
		assertThat(read.get(0).eventId()).isEqualTo("é-id");
		assertThat(read.get(0).index()).isNull();
		assertThat(read.get(0).source()).isEqualTo(source);
		assertThat(read.get(1).index()).isEqualTo("logs-endpoint.events.network-default");
		assertThat(read.get(1).ruleIds()).containsExactly("rule-a", "rule-b");
		assertThat(read.get(1).source()).isEmpty();
	}

	@Test
	void repetitiveEventsTakeAFractionOfTheirSize() {
		byte[] source = ("{\"@timestamp\":\"2024-05-14T08:00:00Z\",\"event\":{\"category\":[\"network\"]},"
				+ "\"host\":{\"os\":{\"type\":\"windows\"}}}")
			.getBytes(StandardCharsets.UTF_8);
		List<StoredEvent> events = IntStream.range(0, 1000)
			.mapToObj(i -> new StoredEvent(i, 0, "id-" + i, null, List.of("rule"), source))
			.toList();

		assertThat(CandidateBatchFormat.encode(events)).hasSizeLessThan(1000 * source.length / 5);
	}

	@Test
	void anythingElseIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> CandidateBatchFormat.decode(new byte[0]));
		assertThatIllegalArgumentException().isThrownBy(() -> CandidateBatchFormat.decode(new byte[] { 2, 1, 2 }))
			.withMessageContaining("version 1");
		assertThatIllegalArgumentException().isThrownBy(() -> CandidateBatchFormat.decode(new byte[] { 1, 7, 7, 7 }))
			.withMessageContaining("cannot be read");
	}

}
