/**
 * The typed values events are compared with: IP addresses and CIDR blocks,
 * epoch-millisecond timestamps, and ASCII case folding as Elasticsearch 8.x does it.
 */
@NullMarked
package io.vigil.eql.value;

import org.jspecify.annotations.NullMarked;
