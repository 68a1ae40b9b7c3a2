package io.vigil.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.vigil.rules.Rule;

/** What evaluating a batch, or the passing of time, gave: detections and late events. */
public final class EngineOutcome {

	private final List<Detection> detections = new ArrayList<>();

	private final Set<String> lateEventIds = new HashSet<>();

	private final List<Retained> retained = new ArrayList<>();

	synchronized void detected(Detection detection) {
		detections.add(detection);
	}

	synchronized void late(EngineEvent event) {
		lateEventIds.add(event.id());
	}

	synchronized void retained(Rule rule, EngineEvent event) {
		retained.add(new Retained(rule, event));
	}

	/** Events a sequence or sample rule now retains as candidates, to be persisted with the batch. */
	public synchronized List<Retained> retained() {
		return List.copyOf(retained);
	}

	public synchronized List<Detection> detections() {
		return List.copyOf(detections);
	}

	/** Events too old to start or extend a sequence for at least one rule. */
	public synchronized Set<String> lateEventIds() {
		return Set.copyOf(lateEventIds);
	}

	/** An event retained by a rule. */
	public record Retained(Rule rule, EngineEvent event) {
	}

}
