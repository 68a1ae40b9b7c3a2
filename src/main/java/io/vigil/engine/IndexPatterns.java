package io.vigil.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A rule's {@code index} patterns ({@code winlogbeat-*}, {@code logs-endpoint.events.*}):
 * an event sent to a named index is seen only by rules whose patterns match it, as in
 * Elasticsearch; an event sent without an index is seen by every rule, and so is every
 * event by a rule without patterns. A pattern starting with {@code -} excludes.
 * Thread-safe; answers are cached.
 */
final class IndexPatterns {

	/** Beyond this many distinct index names, answers are computed without caching. */
	private static final int CACHE_LIMIT = 10_000;

	private final List<Pattern> includes = new ArrayList<>();

	private final List<Pattern> excludes = new ArrayList<>();

	private final Map<String, Boolean> cache = new ConcurrentHashMap<>();

	IndexPatterns(List<String> patterns) {
		for (String written : patterns) {
			for (String pattern : written.split(",")) {
				String trimmed = pattern.trim();
				if (trimmed.startsWith("-")) {
					excludes.add(glob(trimmed.substring(1)));
				}
				else if (!trimmed.isEmpty()) {
					includes.add(glob(trimmed));
				}
			}
		}
	}

	boolean matches(String index) {
		if (includes.isEmpty()) {
			return true;
		}
		Boolean cached = cache.get(index);
		if (cached != null) {
			return cached;
		}
		boolean matches = includes.stream().anyMatch(pattern -> pattern.matcher(index).matches())
				&& excludes.stream().noneMatch(pattern -> pattern.matcher(index).matches());
		if (cache.size() < CACHE_LIMIT) {
			cache.put(index, matches);
		}
		return matches;
	}

	private static Pattern glob(String pattern) {
		return Pattern
			.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
	}

}
