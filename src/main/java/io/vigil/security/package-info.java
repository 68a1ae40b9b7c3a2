/**
 * Who may call what: API keys (as Elasticsearch clients and shippers send them) mapped to
 * roles, and, with no key configured, loopback clients only.
 */
@NullMarked
package io.vigil.security;

import org.jspecify.annotations.NullMarked;
