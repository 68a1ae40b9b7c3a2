package io.vigil.detection;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An event as a shipper sent it.
 *
 * @param source its JSON text, kept as received for alerts
 * @param id an identity given beside the event (the bulk {@code _id}), or null
 * @param index the index it was sent to, or null
 */
public record IncomingEvent(JsonNode json, String source, @Nullable String id, @Nullable String index) {
}
