/**
 * Logging what clients can cause at will without letting them flood the log.
 */
@NullMarked
package io.vigil.logging;

import org.jspecify.annotations.NullMarked;
