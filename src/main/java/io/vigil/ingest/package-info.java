/**
 * Ingest: takes batches of ECS events from shippers (the events endpoint, as a JSON
 * array, one object, NDJSON or concatenated objects; Elasticsearch's {@code _bulk}; in
 * clustered mode the events topic), reads each event once into an
 * {@link io.vigil.detection.EventBatch} that keeps its position, hands the batch to the
 * ingestion and answers each position in the client's dialect. The path of an event: body
 * → {@code EventBatchReader} → {@code EventIngestion} → answer.
 */
@NullMarked
package io.vigil.ingest;

import org.jspecify.annotations.NullMarked;
