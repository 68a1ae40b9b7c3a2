package io.vigil.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vigil.eql.CompiledQuery;
import io.vigil.eql.Eql;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.eval.FieldValues;
import io.vigil.rules.Rule;
import org.jspecify.annotations.Nullable;

/**
 * Which rules each event of a batch can concern, so that an event meets only those: rules
 * indexed by the values their stages require ({@link CompiledQuery.Hint}) within the
 * categories they name, then by category alone, and rules that may match any event; each
 * only for the indexes it reads. Immutable once built, and safe to share between threads.
 * Rules are known by their position in the list they were given in.
 */
final class RuleRouter {

	private final int ruleCount;

	/** Each rule's index patterns. */
	private final List<IndexPatterns> indexPatterns;

	/**
	 * Rules by the event category they need; those that may match any event are apart.
	 */
	private final Map<Object, int[]> byCategory;

	private final int[] uncategorised;

	/** The event categories each rule can match; null for any. */
	private final List<@Nullable Set<String>> categoriesOf;

	/** A bit for each category rules name, the first {@value Long#SIZE} of them. */
	private final Map<Object, Long> categoryBits;

	/**
	 * Each rule's categories as bits, so that an event's categories are looked up once
	 * and tested against a rule with one {@code &}; 0 for a rule that matches any
	 * category or names one without a bit (then its set is consulted).
	 */
	private final long[] categoryMasks;

	/**
	 * Rules by the values their stages require: an event meets such a rule only if one of
	 * its values leads to it, and it is of the rule's categories. Parallel arrays, by
	 * slot.
	 */
	private final int[] hintSlots;

	private final FoldedIndex[] byHint;

	private final int categorySlot;

	/**
	 * @param categories each rule's categories, null for a rule that may match any event
	 * @param hints each rule's required values; empty for a rule that cannot be indexed
	 * by value
	 */
	RuleRouter(List<Rule> rules, List<@Nullable Set<String>> categories, List<List<CompiledQuery.Hint>> hints,
			FieldSlots slots) {
		this.ruleCount = rules.size();
		this.indexPatterns = rules.stream().map(rule -> new IndexPatterns(rule.index())).toList();
		this.categoriesOf = Collections.unmodifiableList(new ArrayList<>(categories));
		this.categoryBits = new HashMap<>();
		this.categoryMasks = new long[categories.size()];
		for (int i = 0; i < categories.size(); i++) {
			Set<String> named = categories.get(i);
			if (named == null) {
				continue;
			}
			long mask = 0;
			boolean everyOneHasABit = true;
			for (String category : named) {
				if (!categoryBits.containsKey(category) && categoryBits.size() < Long.SIZE) {
					categoryBits.put(category, 1L << categoryBits.size());
				}
				Long bit = categoryBits.get(category);
				everyOneHasABit &= bit != null;
				mask |= bit == null ? 0 : bit;
			}
			categoryMasks[i] = everyOneHasABit ? mask : 0;
		}
		// present whenever a rule names a category; the router adds no slot the event
		// reader would not know
		this.categorySlot = slots.find(Eql.DEFAULT_CATEGORY_FIELD);
		Map<String, List<Integer>> byCategory = new HashMap<>();
		List<Integer> uncategorised = new ArrayList<>();
		Map<Integer, Map<String, List<Integer>>> byHint = new LinkedHashMap<>();
		for (int i = 0; i < ruleCount; i++) {
			if (!hints.get(i).isEmpty()) {
				for (CompiledQuery.Hint hint : hints.get(i)) {
					for (String value : hint.values()) {
						byHint.computeIfAbsent(hint.slot(), slot -> new LinkedHashMap<>())
							.computeIfAbsent(value, v -> new ArrayList<>())
							.add(i);
					}
				}
			}
			else if (categories.get(i) == null) {
				uncategorised.add(i);
			}
			else {
				for (String category : categories.get(i)) {
					byCategory.computeIfAbsent(category, key -> new ArrayList<>()).add(i);
				}
			}
		}
		this.byCategory = new HashMap<>();
		byCategory.forEach((category, indexes) -> this.byCategory.put(category,
				indexes.stream().mapToInt(Integer::intValue).toArray()));
		this.uncategorised = uncategorised.stream().mapToInt(Integer::intValue).toArray();
		this.hintSlots = byHint.keySet().stream().mapToInt(Integer::intValue).toArray();
		this.byHint = byHint.values().stream().map(FoldedIndex::new).toArray(FoldedIndex[]::new);
	}

	/**
	 * Positions of the batch's events per rule, ascending; null where a rule has none.
	 */
	int[][] route(Batch batch) {
		Routes routes = new Routes(ruleCount, batch.size());
		for (int position = 0; position < batch.size(); position++) {
			EngineEvent event = batch.event(position);
			String index = event.index();
			for (int rule : uncategorised) {
				add(routes, rule, position, index);
			}
			FieldValues values = event.values();
			long categories = categoryMask(values);
			for (int h = 0; h < hintSlots.length; h++) {
				Object[] candidates = values.values(hintSlots[h]);
				if (candidates.length == 0) {
					continue;
				}
				int[] hashes = values.foldedHashes(hintSlots[h]);
				for (int v = 0; v < candidates.length; v++) {
					if (candidates[v] instanceof String text) {
						int[] indexed = byHint[h].get(text, hashes[v]);
						if (indexed != null) {
							for (int rule : indexed) {
								if (ofCategory(rule, categories, values)) {
									add(routes, rule, position, index);
								}
							}
						}
					}
				}
			}
			if (categorySlot >= 0) {
				for (Object category : values.values(categorySlot)) {
					int[] indexed = byCategory.get(category);
					if (indexed != null) {
						for (int rule : indexed) {
							add(routes, rule, position, index);
						}
					}
				}
			}
		}
		return routes.byRule();
	}

	/**
	 * Routes the event to the rule unless it was already, or was sent to an index the
	 * rule does not read.
	 */
	private void add(Routes routes, int rule, int position, @Nullable String index) {
		if (routes.has(rule, position) || (index != null && !indexPatterns.get(rule).matches(index))) {
			return;
		}
		routes.add(rule, position);
	}

	/** The bits of the event's categories that rules name. */
	private long categoryMask(FieldValues values) {
		if (categorySlot < 0) {
			return 0;
		}
		long mask = 0;
		for (Object category : values.values(categorySlot)) {
			Long bit = categoryBits.get(category);
			if (bit != null) {
				mask |= bit;
			}
		}
		return mask;
	}

	/**
	 * Whether the event is of a category the rule can match: a value index may lead to
	 * rules of other categories ({@code event.action == "exec"} is on process and network
	 * events alike).
	 */
	private boolean ofCategory(int rule, long eventCategories, FieldValues values) {
		if (categoryMasks[rule] != 0) {
			return (categoryMasks[rule] & eventCategories) != 0;
		}
		Set<String> categories = categoriesOf.get(rule);
		if (categories == null) {
			return true;
		}
		for (Object category : values.values(categorySlot)) {
			if (categories.contains(category)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The routes of one batch as they are found, event by event: appended to two flat
	 * arrays (a batch meets hundreds of rules, and an array per rule filled in turn would
	 * touch each at random), then gathered per rule once.
	 */
	private static final class Routes {

		/**
		 * The position last routed to each rule: an event reaches a rule once however
		 * many ways lead there.
		 */
		private final int[] lastPosition;

		private final int[] counts;

		/**
		 * Parallel: the rule and the event position of each route, in the order found.
		 */
		private int[] routedRules;

		private int[] routedPositions;

		private int size;

		Routes(int rules, int events) {
			this.lastPosition = new int[rules];
			Arrays.fill(lastPosition, -1);
			this.counts = new int[rules];
			this.routedRules = new int[Math.max(16, events * 4)];
			this.routedPositions = new int[routedRules.length];
		}

		boolean has(int rule, int position) {
			return lastPosition[rule] == position;
		}

		void add(int rule, int position) {
			if (size == routedRules.length) {
				routedRules = Arrays.copyOf(routedRules, size * 2);
				routedPositions = Arrays.copyOf(routedPositions, size * 2);
			}
			routedRules[size] = rule;
			routedPositions[size] = position;
			size++;
			lastPosition[rule] = position;
			counts[rule]++;
		}

		/**
		 * Each rule's positions, ascending (events were routed in order); null for a rule
		 * without any.
		 */
		int[][] byRule() {
			int[][] byRule = new int[counts.length][];
			for (int rule = 0; rule < counts.length; rule++) {
				if (counts[rule] > 0) {
					byRule[rule] = new int[counts[rule]];
				}
			}
			int[] filled = new int[counts.length];
			for (int i = 0; i < size; i++) {
				byRule[routedRules[i]][filled[routedRules[i]]++] = routedPositions[i];
			}
			return byRule;
		}

	}

}
