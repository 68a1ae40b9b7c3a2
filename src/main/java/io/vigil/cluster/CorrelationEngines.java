package io.vigil.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.detection.DetectionService;
import io.vigil.engine.DetectionEngine;
import io.vigil.engine.EngineSettings;
import io.vigil.eql.CompiledQuery;
import io.vigil.logging.ThrottledWarning;
import io.vigil.rules.RuleCatalogue;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleState;
import io.vigil.rules.RuleStates;
import io.vigil.rules.RuleStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one engine per correlation task, from the sequence and sample rules only
 * (single-event rules alert in the ingest tier), and keeps track of the open tasks for
 * the metrics and the state of each rule over the tasks this instance runs.
 */
final class CorrelationEngines implements RuleStates {

	private static final Logger log = LoggerFactory.getLogger(CorrelationEngines.class);

	private final RuleCatalogue rules;

	private final List<RuleFile> stateful;

	private final EngineSettings settings;

	private final Clock clock;

	private final MeterRegistry registry;

	private final Set<CorrelationProcessor> open = ConcurrentHashMap.newKeySet();

	private final Set<String> reportedUnknown = ConcurrentHashMap.newKeySet();

	private final ThrottledWarning conflicts = new ThrottledWarning(log, Duration.ofSeconds(10));

	CorrelationEngines(RuleCatalogue rules, EngineSettings settings, Clock clock, MeterRegistry registry) {
		this.rules = rules;
		this.stateful = rules.files()
			.stream()
			.filter(file -> file.status() == RuleStatus.LOADED && file.query() != null
					&& !(file.query() instanceof CompiledQuery.EventQuery))
			.toList();
		this.settings = settings;
		this.clock = clock;
		this.registry = registry;
	}

	DetectionEngine create() {
		return new DetectionEngine(stateful, rules.slots(), settings, clock);
	}

	/**
	 * A candidate of a rule this instance did not load: counted, and reported once per
	 * rule.
	 */
	void unknownRule(String ruleId) {
		Counter.builder("vigil.cluster.candidates.unknown.rule")
			.description("Candidates of rules this instance has not loaded; every instance must load the same rules")
			.tag("rule_id", ruleId)
			.register(registry)
			.increment();
		if (reportedUnknown.add(ruleId)) {
			log.error("Candidates of rule [{}] arrive, but this instance has not loaded it: every instance must load "
					+ "the same rules", ruleId);
		}
	}

	/**
	 * Candidates that claimed the identity of a held candidate with other content:
	 * counted and logged, throttled.
	 */
	void conflicts(List<String> ids) {
		Counter.builder("vigil.events.conflicting")
			.description("Events that claimed the id of a held event with other content or index: "
					+ "evaluated as events of their own")
			.register(registry)
			.increment(ids.size());
		conflicts.warn(DetectionService.CONFLICTS, ids.size(), ids.subList(0, Math.min(10, ids.size())));
	}

	void opened(CorrelationProcessor processor) {
		open.add(processor);
	}

	void closed(CorrelationProcessor processor) {
		open.remove(processor);
	}

	/**
	 * A stateful rule's state over the tasks this instance runs; empty for rules this
	 * tier does not evaluate.
	 */
	@Override
	public Optional<RuleState> of(String ruleId) {
		if (stateful.stream().noneMatch(file -> file.rule().ruleId().equals(ruleId))) {
			return Optional.empty();
		}
		return Optional.of(open.stream()
			.map(processor -> processor.stats(ruleId))
			.flatMap(Optional::stream)
			.reduce(RuleState.stateless(ruleId), RuleState::plus));
	}

	/**
	 * Join keys, over every rule and task of this instance, holding an event dated beyond
	 * what the wall clock allows.
	 */
	long keysAhead() {
		return open.stream()
			.flatMap(processor -> stateful.stream().map(file -> processor.stats(file.rule().ruleId())))
			.flatMap(Optional::stream)
			.mapToLong(RuleState::keysAhead)
			.sum();
	}

	/** Candidates retained by the tasks this instance runs. */
	long retained() {
		return open.stream().mapToLong(CorrelationProcessor::retained).sum();
	}

	/** Correlation tasks this instance runs. */
	int tasks() {
		return open.size();
	}

}
