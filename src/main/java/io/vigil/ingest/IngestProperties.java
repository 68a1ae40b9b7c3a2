package io.vigil.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and behaviour of ingest. Each limit, when exceeded, is named in the error.
 *
 * @param maxRequestSize request body as sent ({@code ingest.max-request-size}, as
 * Elasticsearch's 100 MB)
 * @param maxDecompressedSize a gzip or deflate body once decoded
 * @param maxEventsPerBatch events in one request
 * @param maxNestingDepth JSON nesting depth
 * @param maxStringLength length of one JSON string, in characters
 * @param maxFieldsPerEvent JSON properties in one event, at every depth
 * @param maxConcurrentBatches batches evaluated at once; beyond it, 429 with Retry-After.
 * Bodies being received are bounded apart, by bytes: this many times
 * {@code maxDecompressedSize}
 * @param bodyReadTimeout time to receive a whole body; a client slower than that gets 408
 * @param elasticsearchVersion the version the Elasticsearch-compatible endpoints claim
 * @param lenient answer 200 to index template, ILM and pipeline set-up calls
 */
@ConfigurationProperties("ingest")
public record IngestProperties(@DefaultValue("100MB") DataSize maxRequestSize,
		@DefaultValue("200MB") DataSize maxDecompressedSize, @DefaultValue("100000") int maxEventsPerBatch,
		@DefaultValue("64") int maxNestingDepth, @DefaultValue("1048576") int maxStringLength,
		@DefaultValue("10000") int maxFieldsPerEvent, @DefaultValue("16") int maxConcurrentBatches,
		@DefaultValue("60s") Duration bodyReadTimeout, @DefaultValue("8.17.0") String elasticsearchVersion,
		@DefaultValue("true") boolean lenient) {
}
