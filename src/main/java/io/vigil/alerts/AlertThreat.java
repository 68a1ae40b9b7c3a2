package io.vigil.alerts;

import jakarta.persistence.Embeddable;
import org.jspecify.annotations.Nullable;

/**
 * One (tactic, technique, sub-technique) of an alert's ATT&CK mapping, as a row that
 * filters and coverage counts can query. Technique and sub-technique are null where the
 * rule names none.
 */
@Embeddable
public record AlertThreat(String framework, String tacticId, String tacticName, String tacticReference,
		@Nullable String techniqueId, @Nullable String techniqueName, @Nullable String techniqueReference,
		@Nullable String subtechniqueId, @Nullable String subtechniqueName, @Nullable String subtechniqueReference) {
}
