package io.vigil.engine;

/**
 * What the stateful rules of one engine share: the limits of their state, the trust in
 * event time, how many join keys hold each retained event, and the memory budget of all
 * their candidates.
 */
record SharedState(EngineSettings settings, EventTime time, Holdings holdings, MemoryBudget budget) {
}
