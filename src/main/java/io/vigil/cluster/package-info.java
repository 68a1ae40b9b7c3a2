/**
 * Clustered mode on Apache Kafka: a stateless ingest tier that alerts on single-event
 * rules and forwards sequence candidates keyed by rule and join key, and a correlation
 * tier of Kafka Streams tasks that own those keys' state. Off unless
 * {@code cluster.enabled=true}.
 */
@NullMarked
package io.vigil.cluster;

import org.jspecify.annotations.NullMarked;
