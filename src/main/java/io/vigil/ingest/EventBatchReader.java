package io.vigil.ingest;

import java.util.ArrayList;
import java.util.List;

import io.vigil.detection.IncomingEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads a request body into events, deciding its shape from the body rather than the
 * Content-Type (shippers label NDJSON as application/json and text/plain alike): a JSON array of
 * events, or any number of JSON values one after the other (one object, NDJSON with or without a
 * final newline, concatenated objects).
 */
@Component
class EventBatchReader {

	private final JsonMapper json;

	EventBatchReader(JsonMapper json) {
		this.json = json;
	}

	/** @throws StreamReadException for malformed JSON, with its line and column */
	List<IncomingEvent> read(byte[] body, @Nullable String index) {
		List<IncomingEvent> events = new ArrayList<>();
		try (JsonParser parser = json.createParser(body)) {
			JsonToken token = parser.nextToken();
			if (token == JsonToken.START_ARRAY) {
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					events.add(event(parser.readValueAsTree(), index));
				}
				if (parser.nextToken() != null) {
					throw new StreamReadException(parser, "unexpected content after the array of events");
				}
				return events;
			}
			while (token != null) {
				events.add(event(parser.readValueAsTree(), index));
				token = parser.nextToken();
			}
		}
		return events;
	}

	private IncomingEvent event(JsonNode node, @Nullable String index) {
		return new IncomingEvent(node, json.writeValueAsString(node), null, index);
	}

}
