package io.vigil.alerts;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface AlertRepository extends JpaRepository<Alert, String>, JpaSpecificationExecutor<Alert> {

	/** Alerts detected in [from, to) per tactic. */
	@Query("""
			SELECT t.tacticId AS tacticId, COUNT(DISTINCT a.id) AS alerts FROM Alert a JOIN a.threats t
			WHERE a.detectedAt >= :from AND a.detectedAt < :to GROUP BY t.tacticId""")
	List<TacticCount> countByTactic(Instant from, Instant to);

	/** Alerts detected in [from, to) per technique under each tactic. */
	@Query("""
			SELECT t.tacticId AS tacticId, t.techniqueId AS techniqueId, COUNT(DISTINCT a.id) AS alerts
			FROM Alert a JOIN a.threats t
			WHERE a.detectedAt >= :from AND a.detectedAt < :to AND t.techniqueId IS NOT NULL
			GROUP BY t.tacticId, t.techniqueId""")
	List<TechniqueCount> countByTechnique(Instant from, Instant to);

	/** Alerts detected in [from, to) per sub-technique under each tactic. */
	@Query("""
			SELECT t.tacticId AS tacticId, t.techniqueId AS techniqueId, t.subtechniqueId AS subtechniqueId,
			       COUNT(DISTINCT a.id) AS alerts
			FROM Alert a JOIN a.threats t
			WHERE a.detectedAt >= :from AND a.detectedAt < :to AND t.subtechniqueId IS NOT NULL
			GROUP BY t.tacticId, t.techniqueId, t.subtechniqueId""")
	List<SubtechniqueCount> countBySubtechnique(Instant from, Instant to);

	/**
	 * Every distinct ATT&CK row of alerts detected in [from, to), for entries no loaded
	 * rule names any more.
	 */
	@Query("""
			SELECT DISTINCT t FROM Alert a JOIN a.threats t WHERE a.detectedAt >= :from AND a.detectedAt < :to""")
	List<AlertThreat> threatsDetected(Instant from, Instant to);

	interface TacticCount {

		String getTacticId();

		long getAlerts();

	}

	interface TechniqueCount extends TacticCount {

		String getTechniqueId();

	}

	interface SubtechniqueCount extends TechniqueCount {

		String getSubtechniqueId();

	}

}
