package io.vigil.engine;

import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import io.vigil.eql.eval.FieldSlots;
import io.vigil.rules.RuleFile;

/**
 * Engines built for tests, each with the reader of its events, which must number fields
 * as the engine does.
 */
final class TestEngines {

	private static final Map<DetectionEngine, EventReader> READERS = Collections.synchronizedMap(new WeakHashMap<>());

	private TestEngines() {
	}

	static DetectionEngine engine(List<RuleFile> files, FieldSlots slots, EngineSettings settings, Clock wall) {
		DetectionEngine engine = new DetectionEngine(files, slots, settings, wall);
		READERS.put(engine, new EventReader(slots));
		return engine;
	}

	static EventReader reader(DetectionEngine engine) {
		return READERS.get(engine);
	}

}
