/**
 * HTTP ingest: batches of ECS events as a JSON array, one object, NDJSON or concatenated objects.
 */
@NullMarked
package io.vigil.ingest;

import org.jspecify.annotations.NullMarked;
