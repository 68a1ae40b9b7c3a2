package io.vigil.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads alerts for analysts and pollers, and records their triage. */
@Service
public class AlertService {

	/**
	 * Alerts loaded per round trip when a status change applies to every alert a filter
	 * selects.
	 */
	private static final int UPDATE_PAGE = 500;

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("detectedAt"), Sort.Order.desc("seq"));

	private static final Sort COMMIT_ORDER = Sort.by("seq");

	private final AlertRepository alerts;

	private final EntityManager entityManager;

	private final JsonMapper json;

	private final Clock clock;

	AlertService(AlertRepository alerts, EntityManager entityManager, JsonMapper json, Clock clock) {
		this.alerts = alerts;
		this.entityManager = entityManager;
		this.json = json;
		this.clock = clock;
	}

	/** The newest alerts first, for browsing. */
	@Transactional(readOnly = true)
	public List<AlertView> newest(AlertFilter filter, int limit) {
		return alerts.findBy(filter.specification(), query -> query.sortBy(NEWEST_FIRST).limit(limit).all())
			.stream()
			.map(this::view)
			.toList();
	}

	/**
	 * The alerts committed after {@code cursor}, oldest first. Sequence numbers become
	 * visible in commit order (see {@link AlertInserter#insert}), so a poller that passes
	 * back each page's {@code next} cursor sees every alert once.
	 */
	@Transactional(readOnly = true)
	public CursorPage poll(AlertFilter filter, Cursor cursor, int limit) {
		List<Alert> found = alerts.findBy(filter.specification().and(after(cursor.seq())),
				query -> query.sortBy(COMMIT_ORDER).limit(limit + 1).all());
		boolean more = found.size() > limit;
		List<Alert> page = more ? found.subList(0, limit) : found;
		Cursor next = page.isEmpty() ? cursor : new Cursor(page.getLast().seq());
		return new CursorPage(page.stream().map(this::view).toList(), next, more);
	}

	@Transactional(readOnly = true)
	public Optional<AlertView> find(String id) {
		return alerts.findById(id).map(this::view);
	}

	/**
	 * Sets the status of the alerts with these ids; alerts that already have it are left
	 * as they are.
	 */
	@Transactional
	public StatusUpdate changeStatus(List<String> ids, AlertStatus status, @Nullable String reason, String by) {
		Set<String> wanted = new LinkedHashSet<>(ids);
		Map<String, Alert> found = alerts.findAllById(wanted)
			.stream()
			.collect(Collectors.toMap(Alert::id, Function.identity()));
		Instant now = clock.instant();
		int updated = 0;
		for (Alert alert : found.values()) {
			if (alert.changeStatus(status, now, by, reason)) {
				updated++;
			}
		}
		List<String> notFound = wanted.stream().filter(id -> !found.containsKey(id)).toList();
		return new StatusUpdate(updated, found.size() - updated, notFound);
	}

	/** How many alerts the filter selects. */
	@Transactional(readOnly = true)
	public long count(AlertFilter filter) {
		return alerts.count(filter.specification());
	}

	/** Sets the status of every alert the filter selects, a page at a time. */
	@Transactional
	public StatusUpdate changeStatus(AlertFilter filter, AlertStatus status, @Nullable String reason, String by) {
		Instant now = clock.instant();
		int updated = 0;
		int unchanged = 0;
		long last = 0;
		List<Alert> page;
		do {
			page = alerts.findBy(filter.specification().and(after(last)),
					query -> query.sortBy(COMMIT_ORDER).limit(UPDATE_PAGE).all());
			for (Alert alert : page) {
				if (alert.changeStatus(status, now, by, reason)) {
					updated++;
				}
				else {
					unchanged++;
				}
			}
			if (!page.isEmpty()) {
				last = page.getLast().seq();
			}
			entityManager.flush();
			entityManager.clear();
		}
		while (page.size() == UPDATE_PAGE);
		return new StatusUpdate(updated, unchanged, List.of());
	}

	/**
	 * How many alerts detected in [from, to) carry each tactic, technique and
	 * sub-technique.
	 */
	@Transactional(readOnly = true)
	public AttackCounts attackCounts(Instant from, Instant to) {
		Map<AttackCounts.Key, Long> counts = new HashMap<>();
		alerts.countByTactic(from, to)
			.forEach(count -> counts.put(new AttackCounts.Key(count.getTacticId(), null, null), count.getAlerts()));
		alerts.countByTechnique(from, to)
			.forEach(count -> counts.put(new AttackCounts.Key(count.getTacticId(), count.getTechniqueId(), null),
					count.getAlerts()));
		alerts.countBySubtechnique(from, to)
			.forEach(count -> counts.put(
					new AttackCounts.Key(count.getTacticId(), count.getTechniqueId(), count.getSubtechniqueId()),
					count.getAlerts()));
		return new AttackCounts(counts, alerts.threatsDetected(from, to));
	}

	private static Specification<Alert> after(long seq) {
		return (alert, query, cb) -> cb.greaterThan(alert.get("seq"), seq);
	}

	private AlertView view(Alert alert) {
		return AlertView.of(alert, json);
	}

	/**
	 * One page of a poll.
	 *
	 * @param next where the next poll starts; the same cursor when the page is empty
	 * @param more true when further alerts were already committed
	 */
	public record CursorPage(List<AlertView> alerts, Cursor next, boolean more) {
	}

	/**
	 * Alert counts by ATT&CK entry.
	 *
	 * @param alerts alerts per tactic, per technique under a tactic and per sub-technique
	 * under both
	 * @param detected every distinct ATT&CK row of the counted alerts, with names and
	 * references
	 */
	public record AttackCounts(Map<Key, Long> alerts, List<AlertThreat> detected) {

		public AttackCounts {
			alerts = Map.copyOf(alerts);
			detected = List.copyOf(detected);
		}

		public long of(String tacticId, @Nullable String techniqueId, @Nullable String subtechniqueId) {
			return alerts.getOrDefault(new Key(tacticId, techniqueId, subtechniqueId), 0L);
		}

		/**
		 * A tactic (technique and sub-technique null), a technique under it, or a
		 * sub-technique.
		 */
		public record Key(String tacticId, @Nullable String techniqueId, @Nullable String subtechniqueId) {
		}

	}

	/**
	 * The outcome of a status change.
	 *
	 * @param unchanged alerts that already had the status
	 * @param notFound ids that name no alert
	 */
	public record StatusUpdate(int updated, int unchanged, List<String> notFound) {

		public StatusUpdate {
			notFound = List.copyOf(notFound);
		}

	}

}
