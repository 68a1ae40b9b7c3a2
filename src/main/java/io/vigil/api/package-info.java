/**
 * What every endpoint of the service's own API shares: RFC 9457 problem details for
 * errors (also those raised before a controller runs, and the container's own), strict
 * query parameters, and the OpenAPI description.
 */
@NullMarked
package io.vigil.api;

import org.jspecify.annotations.NullMarked;
