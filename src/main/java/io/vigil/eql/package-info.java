/**
 * Elasticsearch 8.x EQL for a streaming engine: {@link io.vigil.eql.Eql} parses, verifies
 * and compiles a query once into an immutable {@link io.vigil.eql.CompiledQuery};
 * sub-packages hold the syntax tree ({@code ast}), the parser ({@code parser}),
 * evaluation ({@code eval}), field types ({@code schema}) and typed values
 * ({@code value}).
 */
@NullMarked
package io.vigil.eql;

import org.jspecify.annotations.NullMarked;
