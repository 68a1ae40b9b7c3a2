package io.vigil.alerts;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import org.jspecify.annotations.Nullable;

/** One change of an alert's status: from, to, when, by whom and why. */
@Embeddable
public record StatusChange(@Column(name = "from_status") @Convert(converter = AlertStatusColumn.class) AlertStatus from,
		@Column(name = "to_status") @Convert(converter = AlertStatusColumn.class) AlertStatus to, Instant changedAt,
		String changedBy, @Nullable String reason) {
}
