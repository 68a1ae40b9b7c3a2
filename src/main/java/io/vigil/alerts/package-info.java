/**
 * Alerts: detections persisted with the rule's metadata, each stored once.
 */
@NullMarked
package io.vigil.alerts;

import org.jspecify.annotations.NullMarked;
