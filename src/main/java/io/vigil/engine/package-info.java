/**
 * The detection engine: evaluates events against every loaded rule and keeps, per rule
 * and join key, the state that sequences and samples need, tolerating late and
 * out-of-order events.
 */
@NullMarked
package io.vigil.engine;

import org.jspecify.annotations.NullMarked;
