package io.vigil.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vigil.detection.EventBatch;
import io.vigil.engine.EventReader;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The operations of an Elasticsearch {@code _bulk} body: NDJSON action lines, each but
 * {@code delete} followed by a source line. Lines may end in {@code \r\n}; the final
 * newline may be missing (Vector drops it).
 *
 * @param events the sources of the index and create operations, read as events, in order
 */
record BulkRequest(List<Operation> operations, EventBatch events) {

	/**
	 * @param action index, create, delete or update
	 * @param event the position of the operation's source in {@link #events()}; -1 for
	 * delete and update
	 */
	record Operation(String action, @Nullable String index, @Nullable String id, int event) {
	}

	static BulkRequest parse(byte[] body, @Nullable String defaultIndex, EventBatchReader reader) {
		List<Operation> operations = new ArrayList<>();
		List<EventReader.Reading> events = new ArrayList<>();
		EventBatchReader.Lines sources = reader.lines();
		int lineNumber = 0;
		int position = 0;
		Operation pending = null;
		while (position < body.length) {
			int end = position;
			while (end < body.length && body[end] != '\n') {
				end++;
			}
			int stop = end > position && body[end - 1] == '\r' ? end - 1 : end;
			lineNumber++;
			if (!blank(body, position, stop)) {
				if (pending == null) {
					JsonNode line = reader.readTree(body, position, stop - position);
					pending = action(line, lineNumber, defaultIndex);
					if (pending.action().equals("delete")) {
						operations.add(pending);
						pending = null;
					}
				}
				else if (pending.action().equals("update")) {
					// refused item by item, but a malformed line still refuses the
					// request, as for any action
					reader.readTree(body, position, stop - position);
					operations.add(pending);
					pending = null;
				}
				else {
					operations.add(new Operation(pending.action(), pending.index(), pending.id(), events.size()));
					events.add(sources.read(body, position, stop - position, pending.id(), pending.index()));
					pending = null;
				}
			}
			position = end + 1;
		}
		if (pending != null) {
			throw IngestException
				.malformed("the [%s] action on the last line has no source line after it".formatted(pending.action()));
		}
		return new BulkRequest(operations, sources.batch(events));
	}

	private static Operation action(JsonNode line, int lineNumber, @Nullable String defaultIndex) {
		if (!line.isObject() || line.size() != 1) {
			throw IngestException.malformed(
					"Malformed action/metadata line [%d], expected an object with one of index, create, delete, update"
						.formatted(lineNumber));
		}
		Map.Entry<String, JsonNode> entry = line.properties().iterator().next();
		String action = entry.getKey();
		if (!List.of("index", "create", "delete", "update").contains(action) || !entry.getValue().isObject()) {
			throw IngestException.malformed(("Malformed action/metadata line [%d], expected one of index, create, "
					+ "delete, update but found [%s]")
				.formatted(lineNumber, action));
		}
		JsonNode metadata = entry.getValue();
		String index = metadata.hasNonNull("_index") ? metadata.get("_index").asString() : defaultIndex;
		String id = metadata.hasNonNull("_id") ? metadata.get("_id").asString() : null;
		return new Operation(action, index, id, -1);
	}

	private static boolean blank(byte[] body, int from, int to) {
		for (int i = from; i < to; i++) {
			if (body[i] != ' ' && body[i] != '\t') {
				return false;
			}
		}
		return true;
	}

}
