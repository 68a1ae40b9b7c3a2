/**
 * Runs detection: feeds batches of incoming events to the engine and commits, in one transaction,
 * the alerts they complete and the candidate events rules retain; restores that state at start-up
 * and lets the passing of time close windows.
 */
@NullMarked
package io.vigil.detection;

import org.jspecify.annotations.NullMarked;
