package io.vigil.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sequences do not depend on how events arrive: in order, whatever the batching, the
 * engine gives exactly what a literal transcription of Elasticsearch's algorithm gives;
 * in any other order within the lateness horizon, a superset of that, with no sequence
 * twice.
 */
class OrderIndependenceProperties {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String QUERY = """
			sequence by k with maxspan=60s
			  [any where stage == 1]
			  [any where stage == 2]
			  [any where stage == 3]
			until [any where stage == 9]""";

	@Property(tries = 300)
	void inOrderEqualsTheReferenceAndReorderingOnlyAdds(@ForAll("events") List<Generated> generated,
			@ForAll long seed) {
		List<JsonNode> events = generated.stream()
			.sorted(Comparator.comparingLong(Generated::millis))
			.map(Generated::json)
			.toList();
		SequenceSpec spec = new SequenceSpec("property", QUERY, events, List.of());
		List<String> reference = reference(generated);

		assertThat(SequenceSpecTests.run(spec, events, true)).containsExactlyInAnyOrderElementsOf(reference);
		assertThat(SequenceSpecTests.run(spec, events, false)).containsExactlyInAnyOrderElementsOf(reference);

		List<JsonNode> shuffled = new ArrayList<>(events);
		Collections.shuffle(shuffled, new Random(seed));
		assertThat(SequenceSpecTests.run(spec, shuffled, seed % 2 == 0)).containsAll(reference).doesNotHaveDuplicates();
	}

	@Provide
	Arbitrary<List<Generated>> events() {
		Arbitrary<Generated> event = Combinators
			.combine(Arbitraries.integers().between(0, 150), Arbitraries.of("a", "b"),
					Arbitraries.of(1, 2, 3, 9).set().ofMaxSize(3))
			.as((second, key, stages) -> new Generated(0, second, key, stages.stream().sorted().toList()));
		return event.list().ofMaxSize(25).map(list -> {
			List<Generated> numbered = new ArrayList<>();
			for (int i = 0; i < list.size(); i++) {
				Generated g = list.get(i);
				numbered.add(new Generated(i + 1, g.second(), g.key(), g.stages()));
			}
			return numbered;
		});
	}

	/**
	 * Elasticsearch's matching step (§8.3 of {@code ../shared/spec/eql-semantics.md})
	 * transcribed literally: a list of partials per stage, the latest strictly earlier
	 * one taken, it and all older ones dropped.
	 */
	private static List<String> reference(List<Generated> events) {
		List<Generated> sorted = events.stream().sorted(Comparator.comparingLong(Generated::millis)).toList();
		List<String> found = new ArrayList<>();
		for (String key : List.of("a", "b")) {
			List<List<List<Generated>>> groups = List.of(new ArrayList<>(), new ArrayList<>());
			Generated lastUntil = null;
			for (Generated event : sorted) {
				if (!event.key().equals(key)) {
					continue;
				}
				for (int stage = 3; stage >= 1; stage--) {
					if (!event.stages().contains(stage)) {
						continue;
					}
					if (stage == 1) {
						groups.get(0).add(List.of(event));
						continue;
					}
					List<List<Generated>> group = groups.get(stage - 2);
					int candidate = -1;
					for (int i = group.size() - 1; i >= 0 && candidate < 0; i--) {
						if (before(group.get(i).getLast(), event)) {
							candidate = i;
						}
					}
					if (candidate < 0) {
						continue;
					}
					List<Generated> partial = group.get(candidate);
					group.subList(0, candidate + 1).clear();
					if (event.millis() - partial.getFirst().millis() > 60_000) {
						continue;
					}
					if (lastUntil != null && before(lastUntil, event) && !before(lastUntil, partial.getLast())) {
						continue;
					}
					List<Generated> extended = new ArrayList<>(partial);
					extended.add(event);
					if (stage == 3) {
						found.add(extended.stream()
							.map(g -> String.valueOf(g.id()))
							.reduce((a, b) -> a + " " + b)
							.orElseThrow());
					}
					else {
						groups.get(stage - 1).add(extended);
					}
				}
				if (event.stages().contains(9)) {
					lastUntil = event;
				}
			}
		}
		return found;
	}

	private static boolean before(Generated a, Generated b) {
		return a.millis() < b.millis();
	}

	/**
	 * A generated event. Timestamps are distinct ({@code id} milliseconds past the
	 * second): with equal timestamps and no tiebreaker, the order, and so the result, is
	 * arrival order in Elasticsearch too.
	 */
	record Generated(int id, int second, String key, List<Integer> stages) {

		long millis() {
			return second * 1000L + id;
		}

		JsonNode json() {
			return JSON.readTree("""
					{"id": %d, "@timestamp": "%s", "k": "%s", "stage": %s}""".formatted(id,
					Instant.parse("2024-01-01T00:00:00Z").plusMillis(millis()), key, stages));
		}

	}

}
