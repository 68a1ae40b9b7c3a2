/**
 * The rule catalogue: reads Elastic's TOML detection-rule format from the rules
 * directory, validates every file (collecting all problems with their positions) and
 * serves the result.
 */
@NullMarked
package io.vigil.rules;

import org.jspecify.annotations.NullMarked;
