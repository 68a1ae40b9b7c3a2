package io.vigil.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What evaluating a batch, or the passing of time, gave: detections and late events. */
public final class EngineOutcome {

	private final List<Detection> detections = new ArrayList<>();

	private final Set<String> lateEventIds = new HashSet<>();

	synchronized void detected(Detection detection) {
		detections.add(detection);
	}

	synchronized void late(EngineEvent event) {
		lateEventIds.add(event.id());
	}

	public synchronized List<Detection> detections() {
		return List.copyOf(detections);
	}

	/** Events too old to start or extend a sequence for at least one rule. */
	public synchronized Set<String> lateEventIds() {
		return Set.copyOf(lateEventIds);
	}

}
