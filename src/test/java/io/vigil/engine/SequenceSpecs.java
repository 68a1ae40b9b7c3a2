package io.vigil.engine;

import java.io.IOException;
import java.util.List;

/** The sequence spec cases, for tests outside this package. */
public final class SequenceSpecs {

	private SequenceSpecs() {
	}

	public static List<SequenceSpec> all() throws IOException {
		return SequenceSpec.files().flatMap(file -> SequenceSpec.load(file).stream()).toList();
	}

	/** Sorted as Elasticsearch orders sequences: by last event, then key. */
	public static List<String> sorted(List<String> entries) {
		return entries.stream().sorted(SequenceSpec.BY_LAST_EVENT).toList();
	}

}
