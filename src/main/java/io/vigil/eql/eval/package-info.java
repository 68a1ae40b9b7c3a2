/**
 * Evaluation: a query compiled once into an immutable tree of small
 * {@link io.vigil.eql.eval.Condition} nodes, evaluated against the values extracted from
 * an event. Thread-safe after compilation.
 *
 * <p>
 * Semantics follow Elasticsearch 8.x, which translates each leaf of a condition into a
 * Query DSL query: a leaf on a field is true when <em>any</em> value of the field
 * satisfies it, a missing field satisfies no positive leaf, and {@code not}/{@code !=}
 * negate the leaf, so they are true for a missing field. Leaves that Elasticsearch runs
 * as scripts (most functions, arithmetic) are true when any combination of their fields'
 * values gives true.
 */
@NullMarked
package io.vigil.eql.eval;

import org.jspecify.annotations.NullMarked;
