package io.vigil.detection;

import io.vigil.eql.eval.EventExtractor;
import org.jspecify.annotations.Nullable;

/**
 * An event as a shipper sent it, with the values rules read already extracted.
 *
 * @param source its JSON as received (UTF-8), kept for alerts
 * @param id an identity given beside the event (the bulk {@code _id}), or null
 * @param index the index it was sent to, or null
 */
public record IncomingEvent(EventExtractor.Extraction extraction, byte[] source, @Nullable String id,
		@Nullable String index) {
}
