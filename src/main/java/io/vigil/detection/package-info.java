/**
 * Runs detection: takes batches of events read once
 * ({@link io.vigil.detection.EventBatch}, the one batch type of every entry point), feeds
 * them to the engine and commits, in one transaction, the alerts they complete and the
 * candidate events rules retain, then answers per position; restores that state at
 * start-up and lets the passing of time close windows.
 */
@NullMarked
package io.vigil.detection;

import org.jspecify.annotations.NullMarked;
