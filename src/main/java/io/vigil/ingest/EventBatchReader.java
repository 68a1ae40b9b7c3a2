package io.vigil.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.vigil.detection.IncomingEvent;
import io.vigil.engine.DetectionEngine;
import io.vigil.eql.eval.EventExtractor;
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
 * Reads event JSON within the configured limits, in one streaming pass that extracts only the
 * fields rules read and keeps each event's bytes as received. A request body is read as a JSON
 * array of events, or as any number of JSON values one after the other (one object, NDJSON with
 * or without a final newline, concatenated objects), whatever its Content-Type says.
 */
@Component
class EventBatchReader {

	private final JsonMapper json;

	private final IngestProperties properties;

	private final EventExtractor extractor;

	EventBatchReader(IngestProperties properties, DetectionEngine engine) {
		this.properties = properties;
		this.extractor = engine.extractor();
		// duplicate keys are refused by the extractor, which walks every object anyway
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
		EventExtractor.Reader extraction = extractor.reader();
		try (JsonParser parser = json.createParser(body)) {
			JsonToken token = parser.nextToken();
			if (token == JsonToken.START_ARRAY) {
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					add(events, event(parser, extraction, body, 0, null, index));
				}
				if (parser.nextToken() != null) {
					throw IngestException.malformed("unexpected content after the array of events");
				}
				return events;
			}
			while (token != null) {
				add(events, event(parser, extraction, body, 0, null, index));
				token = parser.nextToken();
			}
			return events;
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	/** A reader of events written one per line (bulk source lines, records), for one thread. */
	Lines lines() {
		return new Lines(extractor.reader());
	}

	/** Reads events one at a time, sharing the extractor's scratch space between them. */
	final class Lines {

		private final EventExtractor.Reader extraction;

		private Lines(EventExtractor.Reader extraction) {
			this.extraction = extraction;
		}

		/** One event written on its own. */
		Reading read(byte[] body, int offset, int length, @Nullable String id, @Nullable String index) {
			try (JsonParser parser = json.createParser(body, offset, length)) {
				parser.nextToken();
				Reading reading = event(parser, extraction, body, offset, id, index);
				if (parser.nextToken() != null) {
					throw IngestException.malformed("unexpected content after the event on one line");
				}
				return reading;
			}
			catch (JacksonException ex) {
				throw malformed(ex);
			}
		}

	}

	/** A small JSON document (a bulk action line). */
	JsonNode readTree(byte[] body, int offset, int length) {
		try {
			return json.readTree(body, offset, length);
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	/** The value at the parser as an event: its values extracted, its bytes kept. */
	private Reading event(JsonParser parser, EventExtractor.Reader extraction, byte[] body, int base, @Nullable String id,
			@Nullable String index) {
		JsonToken token = parser.currentToken();
		int start = base + (int) parser.currentTokenLocation().getByteOffset();
		if (token != JsonToken.START_OBJECT) {
			parser.skipChildren();
			return new Reading(null, "an event must be a JSON object, found " + kind(token));
		}
		EventExtractor.Extraction extracted = extraction.extract(parser);
		int end = base + (int) parser.currentLocation().getByteOffset();
		if (extracted.fields() > properties.maxFieldsPerEvent()) {
			return new Reading(null, "the event has %d fields, more than ingest.max-fields-per-event (%d)"
				.formatted(extracted.fields(), properties.maxFieldsPerEvent()));
		}
		return new Reading(new IncomingEvent(extracted, Arrays.copyOfRange(body, start, end), id, index), null);
	}

	private void add(List<Reading> events, Reading reading) {
		if (events.size() >= properties.maxEventsPerBatch()) {
			throw IngestException.tooManyEvents(properties.maxEventsPerBatch());
		}
		events.add(reading);
	}

	private static String kind(JsonToken token) {
		return switch (token) {
			case START_ARRAY -> "array";
			case VALUE_STRING -> "string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
			case VALUE_TRUE, VALUE_FALSE -> "boolean";
			case VALUE_NULL -> "null";
			default -> token.name().toLowerCase(Locale.ROOT);
		};
	}

	private static IngestException malformed(JacksonException ex) {
		var location = ex.getLocation();
		String where = location == null ? "" : " at line %d, column %d".formatted(location.getLineNr(), location.getColumnNr());
		return IngestException.malformed("malformed JSON%s: %s".formatted(where, ex.getOriginalMessage()));
	}

	/**
	 * An event, or why it was refused on its own (the rest of the batch is still accepted).
	 *
	 * @param event the event, when it could be read
	 */
	record Reading(@Nullable IncomingEvent event, @Nullable String reason) {
	}

}
