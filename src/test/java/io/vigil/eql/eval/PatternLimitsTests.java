package io.vigil.eql.eval;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.vigil.eql.CompiledQuery;
import io.vigil.eql.Eql;
import io.vigil.eql.ast.Problem;
import io.vigil.eql.schema.FieldSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work a pattern list may cost to compile is bounded, whoever sends it (a rule file,
 * or a client of {@code _validate} and {@code _test}): a list too large is refused with a
 * diagnostic.
 */
class PatternLimitsTests {

	@Test
	void aLongListOfWildcardPatternsCompilesAndMatchesEachOfThem() {
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		Eql.Compilation compilation = compile(list(6000, "*n%d*"), slots);
		assertThat(compilation.problems()).isEmpty();
		Condition condition = ((CompiledQuery.EventQuery) compilation.query()).condition();
		EventExtractor extractor = new EventExtractor(slots);
		for (String name : List.of("xn0x", "N2999", "an5999.exe")) {
			assertThat(condition.test(extractor.extract(process(name)).values())).as(name).isTrue();
		}
		assertThat(condition.test(extractor.extract(process("nx-n-")).values())).isFalse();
	}

	private static ObjectNode process(String name) {
		ObjectNode event = JsonMapper.builder().build().createObjectNode();
		event.putObject("event").put("category", "process");
		event.putObject("process").put("name", name);
		return event;
	}

	@Test
	void aListNeedingMoreAutomataThanTheLimitIsRefusedBeforeAnyWork() {
		Eql.Compilation compilation = compile(list(50_000, "*n%d*"));
		assertThat(compilation.query()).isNull();
		assertThat(compilation.problems()).extracting(Problem::message)
			.containsExactly("a list of 50000 patterns is too complex to match: it needs more than 64 automata; "
					+ "use fewer patterns with wildcards, or split the condition");
	}

	@Test
	void patternsWithInnerWildcardsEachCostAnAutomatonAndAreBoundedToo() {
		Eql.Compilation compilation = compile(list(Patterns.MAX_AUTOMATA + 1, "*a%d*b*"));
		assertThat(compilation.problems()).extracting(Problem::message)
			.singleElement()
			.asString()
			.startsWith("a list of 65 patterns is too complex to match");
	}

	@Test
	void theListsOfOneQueryShareABoundOnAutomata() {
		// each list fits its own bound; together they would compile for seconds, and a
		// request for minutes
		String lists = IntStream.range(0, 40)
			.mapToObj(l -> "process.command_line : (" + list(2000, "*x" + l + "_%d*") + ")")
			.collect(Collectors.joining(" or "));
		Eql.Compilation compilation = Eql.compile("process where " + lists, Eql.DEFAULT_CATEGORY_FIELD,
				new FieldSlots(FieldSchema.ecs()));
		assertThat(compilation.query()).isNull();
		assertThat(compilation.problems()).extracting(Problem::message)
			.containsExactly("the query's pattern lists are too complex to match together: they need more than 256 "
					+ "automata; use fewer patterns with wildcards");
	}

	@Test
	void theStagesOfASequenceShareTheBoundToo() {
		String stage = "[process where process.command_line : (" + list(60, "*a%d*b*") + ")]";
		Eql.Compilation compilation = Eql.compile("sequence by host.id " + stage.repeat(5), Eql.DEFAULT_CATEGORY_FIELD,
				new FieldSlots(FieldSchema.ecs()));
		assertThat(compilation.problems()).extracting(Problem::message)
			.singleElement()
			.asString()
			.startsWith("the query's pattern lists are too complex to match together");
	}

	private static String list(int size, String format) {
		return IntStream.range(0, size)
			.mapToObj(i -> "\"" + format.formatted(i) + "\"")
			.collect(Collectors.joining(","));
	}

	private static Eql.Compilation compile(String list) {
		return compile(list, new FieldSlots(FieldSchema.ecs()));
	}

	private static Eql.Compilation compile(String list, FieldSlots slots) {
		return Eql.compile("process where process.name : (" + list + ")", Eql.DEFAULT_CATEGORY_FIELD, slots);
	}

}
