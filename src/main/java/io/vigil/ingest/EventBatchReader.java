package io.vigil.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vigil.detection.IncomingEvent;
import io.vigil.detection.IngestProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads event JSON within the configured limits. A request body is read as a JSON array of
 * events, or as any number of JSON values one after the other (one object, NDJSON with or
 * without a final newline, concatenated objects), whatever its Content-Type says.
 */
@Component
class EventBatchReader {

	private final JsonMapper json;

	private final IngestProperties properties;

	EventBatchReader(IngestProperties properties) {
		this.properties = properties;
		this.json = JsonMapper.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder()
				.maxNestingDepth(properties.maxNestingDepth())
				.maxStringLength(properties.maxStringLength())
				.build())
			.build()).build();
	}

	/** The events of a body; malformed JSON is refused whole with its line and column. */
	List<Reading> read(byte[] body, @Nullable String index) {
		List<Reading> events = new ArrayList<>();
		try (JsonParser parser = json.createParser(body)) {
			JsonToken token = parser.nextToken();
			if (token == JsonToken.START_ARRAY) {
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					add(events, body, parser, index);
				}
				if (parser.nextToken() != null) {
					throw new IngestException.Malformed("unexpected content after the array of events");
				}
				return events;
			}
			while (token != null) {
				add(events, body, parser, index);
				token = parser.nextToken();
			}
			return events;
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	/** One event line (of a bulk body). */
	JsonNode readOne(byte[] body, int offset, int length) {
		try {
			return json.readTree(body, offset, length);
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	/**
	 * An event ready for ingest, or why it is refused on its own.
	 *
	 * @param source the event's text as received
	 */
	Reading reading(JsonNode node, String source, @Nullable String id, @Nullable String index) {
		int fields = countFields(node);
		if (fields > properties.maxFieldsPerEvent()) {
			return new Reading(null, "the event has %d fields, more than ingest.max-fields-per-event (%d)"
				.formatted(fields, properties.maxFieldsPerEvent()));
		}
		return new Reading(new IncomingEvent(node, source, id, index), null);
	}

	/** Reads the value at the parser, keeping its bytes as received rather than writing the tree again. */
	private void add(List<Reading> events, byte[] body, JsonParser parser, @Nullable String index) {
		if (events.size() >= properties.maxEventsPerBatch()) {
			throw new IngestException.TooManyEvents(properties.maxEventsPerBatch());
		}
		int start = (int) parser.currentTokenLocation().getByteOffset();
		JsonNode node = parser.readValueAsTree();
		int end = (int) parser.currentLocation().getByteOffset();
		events.add(reading(node, new String(body, start, end - start, StandardCharsets.UTF_8), null, index));
	}

	private static int countFields(JsonNode node) {
		int count = 0;
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				count += 1 + countFields(property.getValue());
			}
		}
		else if (node.isArray()) {
			for (JsonNode element : node) {
				count += countFields(element);
			}
		}
		return count;
	}

	private static IngestException malformed(JacksonException ex) {
		var location = ex.getLocation();
		String where = location == null ? "" : " at line %d, column %d".formatted(location.getLineNr(), location.getColumnNr());
		return new IngestException.Malformed("malformed JSON%s: %s".formatted(where, ex.getOriginalMessage()));
	}

	/**
	 * An event, or why it was refused on its own (the rest of the batch is still accepted).
	 *
	 * @param event the event, when it could be read
	 */
	record Reading(@Nullable IncomingEvent event, @Nullable String reason) {
	}

}
