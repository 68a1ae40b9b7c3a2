package io.vigil.engine;

/** An event to evaluate for the keys of a scope only. */
public record Scoped(EngineEvent event, KeyScope scope) {
}
