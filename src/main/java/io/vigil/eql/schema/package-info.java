/**
 * Field types: what an incoming value is coerced to before comparison, from the Elastic
 * Common Schema table shipped as {@code ecs/field-types.csv}.
 */
@NullMarked
package io.vigil.eql.schema;

import org.jspecify.annotations.NullMarked;
