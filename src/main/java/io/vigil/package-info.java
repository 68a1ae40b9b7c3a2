/**
 * Application entry point. An event's path reads down this list: {@code ingest}
 * (shippers' HTTP and Kafka dialects, each event read once), {@code detection} (evaluates
 * a batch and commits what it produced), {@code engine} (the rules' state and matching),
 * {@code eql} (the query language) and {@code rules} (the rule catalogue), then
 * {@code alerts} (stored detections, served to SOAR tools and analysts) and
 * {@code attack} (MITRE ATT&CK views). Beside them: {@code cluster} (the Kafka mode),
 * {@code security} (API keys and roles), {@code api} (what the service's own API shares:
 * errors, the OpenAPI document), {@code diagnostics} (positioned messages) and
 * {@code logging} (warnings clients can cause, throttled).
 */
@NullMarked
package io.vigil;

import org.jspecify.annotations.NullMarked;
