package io.vigil.eql.value;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dates as Elasticsearch's default format reads them, the fast path agreeing with
 * java.time.
 */
class TimestampsProperties {

	@Property(tries = 2000)
	void isoInstantsReadAsJavaTimeReadsThem(
			@ForAll @LongRange(min = -2_000_000_000_000L, max = 7_000_000_000_000L) long millis) {
		Instant instant = Instant.ofEpochMilli(millis);
		assertThat(Timestamps.parse(instant.toString())).isEqualTo(millis);
		Instant seconds = instant.truncatedTo(ChronoUnit.SECONDS);
		assertThat(Timestamps.parse(seconds.toString())).isEqualTo(seconds.toEpochMilli());
	}

	@Test
	void theFormsOfStrictDateOptionalTimeAndEpochMillis() {
		assertThat(Timestamps.parse("2024-05-14T08:00:23.348Z")).isEqualTo(1715673623348L);
		assertThat(Timestamps.parse("2024-05-14T08:00:23Z")).isEqualTo(1715673623000L);
		assertThat(Timestamps.parse("2024-05-14T10:00:23.348+02:00")).isEqualTo(1715673623348L);
		assertThat(Timestamps.parse("2024-05-14T08:00:23.348123456Z")).isEqualTo(1715673623348L);
		assertThat(Timestamps.parse("2024-05-14T08:00:23")).isEqualTo(1715673623000L);
		assertThat(Timestamps.parse("2024-05-14")).isEqualTo(1715644800000L);
		assertThat(Timestamps.parse("2024-02-29T00:00:00Z")).isEqualTo(1709164800000L);
		assertThat(Timestamps.parse("1715673623348")).isEqualTo(1715673623348L);
		assertThat(Timestamps.parse("2023-02-29T00:00:00Z")).isNull();
		assertThat(Timestamps.parse("2024-13-01T00:00:00Z")).isNull();
		assertThat(Timestamps.parse("yesterday")).isNull();
	}

}
