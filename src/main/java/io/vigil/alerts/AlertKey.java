package io.vigil.alerts;

import jakarta.persistence.Embeddable;

/**
 * One join key value of an alert, as a row that the {@code key.<field>} filter can query.
 */
@Embeddable
public record AlertKey(String keyField, String keyValue) {
}
