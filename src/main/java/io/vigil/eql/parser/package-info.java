/**
 * Turns EQL text into the syntax tree of {@code io.vigil.eql.ast}. The ANTLR-generated
 * classes (from {@code src/main/antlr4}) never leave this package.
 */
@NullMarked
package io.vigil.eql.parser;

import org.jspecify.annotations.NullMarked;
