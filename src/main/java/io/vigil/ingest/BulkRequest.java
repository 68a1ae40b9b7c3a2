package io.vigil.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The operations of an Elasticsearch {@code _bulk} body: NDJSON action lines, each but
 * {@code delete} followed by a source line. Lines may end in {@code \r\n}; the final newline may
 * be missing (Vector drops it).
 */
record BulkRequest(List<Operation> operations) {

	/**
	 * @param action index, create, delete or update
	 * @param source the line after the action, read as an event ({@code null} for delete)
	 */
	record Operation(String action, @Nullable String index, @Nullable String id,
			EventBatchReader.@Nullable Reading source) {
	}

	static BulkRequest parse(byte[] body, @Nullable String defaultIndex, EventBatchReader reader) {
		List<Operation> operations = new ArrayList<>();
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
				else {
					operations.add(new Operation(pending.action(), pending.index(), pending.id(),
							sources.read(body, position, stop - position, pending.id(), pending.index())));
					pending = null;
				}
			}
			position = end + 1;
		}
		if (pending != null) {
			throw IngestException.malformed(
					"the [%s] action on the last line has no source line after it".formatted(pending.action()));
		}
		return new BulkRequest(operations);
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
					+ "delete, update but found [%s]").formatted(lineNumber, action));
		}
		JsonNode metadata = entry.getValue();
		String index = metadata.hasNonNull("_index") ? metadata.get("_index").asString() : defaultIndex;
		String id = metadata.hasNonNull("_id") ? metadata.get("_id").asString() : null;
		return new Operation(action, index, id, null);
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
