/**
 * Positioned, human-readable messages about user-supplied text (rule files, queries): the
 * shared vocabulary of every loader and compiler.
 */
@NullMarked
package io.vigil.diagnostics;

import org.jspecify.annotations.NullMarked;
