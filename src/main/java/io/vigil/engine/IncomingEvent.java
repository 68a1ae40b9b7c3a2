package io.vigil.engine;

import io.vigil.eql.eval.FieldValues;
import org.jspecify.annotations.Nullable;

/**
 * An event read and checked, waiting for its place in the order of receipt: what it
 * becomes once the ingesting service numbers it ({@link #arrived}).
 *
 * @param id the event's identity ({@code event.id}, the bulk {@code _id}, or a content
 * hash)
 * @param timestamp epoch milliseconds of {@code @timestamp}
 * @param ingested epoch milliseconds of {@code event.ingested}, the receipt time when
 * absent
 * @param index the index it was sent to, if any
 * @param source its JSON as received (UTF-8), kept for alerts
 */
public record IncomingEvent(String id, long timestamp, long ingested, FieldValues values, @Nullable String index,
		byte[] source) {

	/**
	 * This event under the identity it was stored with, which may be one the engine gave
	 * it.
	 */
	public IncomingEvent identified(String identity) {
		return new IncomingEvent(identity, timestamp, ingested, values, index, source);
	}

	/** The event as the engine evaluates it, numbered in the order of receipt. */
	public EngineEvent arrived(long arrival) {
		return new EngineEvent(id, timestamp, ingested, arrival, values, index, source);
	}

}
