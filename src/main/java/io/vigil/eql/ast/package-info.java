/**
 * The EQL syntax tree: immutable records that know where in the query text they came
 * from, and print back to canonical EQL.
 */
@NullMarked
package io.vigil.eql.ast;

import org.jspecify.annotations.NullMarked;
