package io.vigil.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.vigil.detection.EventBatch;
import io.vigil.engine.EventReader;
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
 * Reads event JSON within the configured limits, in one streaming pass that extracts only
 * the fields rules read and keeps each event's bytes as received, into a batch whose
 * every position holds the event read there or why it could not be read. A request body
 * is read as a JSON array of events, or as any number of JSON values one after the other
 * (one object, NDJSON with or without a final newline, concatenated objects), whatever
 * its Content-Type says.
 */
@Component
class EventBatchReader {

	private final JsonMapper json;

	private final IngestProperties properties;

	private final EventReader events;

	private final Clock clock;

	EventBatchReader(IngestProperties properties, EventReader events, Clock clock) {
		this.properties = properties;
		this.events = events;
		this.clock = clock;
		// duplicate keys are refused by the extractor, which walks every object anyway
		this.json = JsonMapper
			.builder(JsonFactory.builder()
				.streamReadConstraints(StreamReadConstraints.builder()
					.maxNestingDepth(properties.maxNestingDepth())
					.maxStringLength(properties.maxStringLength())
					.build())
				.build())
			.build();
	}

	/** The events of a body; malformed JSON is refused whole with its line and column. */
	EventBatch read(byte[] body, @Nullable String index) {
		Lines lines = lines();
		List<EventReader.Reading> readings = new ArrayList<>();
		try (JsonParser parser = json.createParser(body)) {
			JsonToken token = parser.nextToken();
			if (token == JsonToken.START_ARRAY) {
				while (parser.nextToken() != JsonToken.END_ARRAY) {
					add(readings, lines.event(parser, body, 0, null, index));
				}
				if (parser.nextToken() != null) {
					throw IngestException.malformed("unexpected content after the array of events");
				}
				return lines.batch(readings);
			}
			while (token != null) {
				add(readings, lines.event(parser, body, 0, null, index));
				token = parser.nextToken();
			}
			return lines.batch(readings);
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	/**
	 * A reader of the events of one batch, written one at a time (bulk source lines,
	 * records), for one thread: they share the extractor's scratch space and the batch's
	 * time of receipt.
	 */
	Lines lines() {
		return new Lines(events.extractor().reader(), clock.instant());
	}

	final class Lines {

		private final EventExtractor.Reader extraction;

		private final Instant receivedAt;

		private Lines(EventExtractor.Reader extraction, Instant receivedAt) {
			this.extraction = extraction;
			this.receivedAt = receivedAt;
		}

		/**
		 * One event written on its own; malformed JSON is refused with its line and
		 * column.
		 */
		EventReader.Reading read(byte[] body, int offset, int length, @Nullable String id, @Nullable String index) {
			try (JsonParser parser = json.createParser(body, offset, length)) {
				parser.nextToken();
				EventReader.Reading reading = event(parser, body, offset, id, index);
				if (parser.nextToken() != null) {
					throw IngestException.malformed("unexpected content after the event on one line");
				}
				return reading;
			}
			catch (JacksonException ex) {
				throw malformed(ex);
			}
		}

		/** The events read, in the order received, as one batch. */
		EventBatch batch(List<EventReader.Reading> readings) {
			return new EventBatch(readings, receivedAt);
		}

		/**
		 * The value at the parser as an event: its values extracted and checked, its
		 * bytes kept.
		 */
		private EventReader.Reading event(JsonParser parser, byte[] body, int base, @Nullable String id,
				@Nullable String index) {
			JsonToken token = parser.currentToken();
			int start = base + (int) parser.currentTokenLocation().getByteOffset();
			if (token != JsonToken.START_OBJECT) {
				parser.skipChildren();
				return EventReader.Reading.rejected("an event must be a JSON object, found " + kind(token));
			}
			EventExtractor.Extraction extracted = extraction.extract(parser);
			int end = base + (int) parser.currentLocation().getByteOffset();
			if (extracted.fields() > properties.maxFieldsPerEvent()) {
				return EventReader.Reading
					.rejected("the event has %d fields, more than ingest.max-fields-per-event (%d)"
						.formatted(extracted.fields(), properties.maxFieldsPerEvent()));
			}
			return events.read(extracted, Arrays.copyOfRange(body, start, end), id, index, receivedAt);
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

	private void add(List<EventReader.Reading> events, EventReader.Reading reading) {
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
		String where = location == null ? ""
				: " at line %d, column %d".formatted(location.getLineNr(), location.getColumnNr());
		return IngestException.malformed("malformed JSON%s: %s".formatted(where, ex.getOriginalMessage()));
	}

}
