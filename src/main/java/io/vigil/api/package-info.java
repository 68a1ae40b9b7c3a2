/**
 * What every endpoint of the service's own API shares: RFC 9457 problem details for errors, and
 * the OpenAPI description.
 */
@NullMarked
package io.vigil.api;

import org.jspecify.annotations.NullMarked;
