package io.vigil.support;

import java.util.List;

import io.vigil.detection.CandidateBatchFormat;
import io.vigil.detection.CandidateBatchFormat.StoredEvent;

import org.springframework.jdbc.core.JdbcTemplate;

/** The retained events the database holds, read out of their stored batches. */
public final class StoredCandidates {

	private StoredCandidates() {
	}

	public static List<StoredEvent> all(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT events FROM candidate_batch ORDER BY first_arrival", byte[].class)
			.stream()
			.flatMap(encoded -> CandidateBatchFormat.decode(encoded).stream())
			.toList();
	}

	public static int count(JdbcTemplate jdbc) {
		return all(jdbc).size();
	}

	/** The stored events whose identity starts with the prefix. */
	public static List<StoredEvent> withIdPrefix(JdbcTemplate jdbc, String prefix) {
		return all(jdbc).stream().filter(event -> event.eventId().startsWith(prefix)).toList();
	}

}
