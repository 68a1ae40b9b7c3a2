package io.vigil.engine;

/**
 * The correlation state one rule holds.
 *
 * @param retainedEvents candidate events retained, over all keys
 * @param openKeys join keys with state
 * @param evictions candidate events dropped so far by age or by the caps
 */
public record RuleStats(String ruleId, long retainedEvents, long openKeys, long evictions) {
}
