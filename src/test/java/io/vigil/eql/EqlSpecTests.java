package io.vigil.eql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.vigil.eql.ast.Problem;
import io.vigil.eql.eval.EventExtractor;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the EQL spec files of {@code src/test/resources/eql/spec}: each holds a small set
 * of events (NDJSON, each with an {@code id}) and cases of a query and the ids of the
 * events it must match, or the error it must give. The notation is described at the top
 * of each file.
 */
class EqlSpecTests {

	private static final Path SPEC_DIR = Path.of("src/test/resources/eql/spec");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The cases the spec files hold today: fewer means a file or its cases stopped being
	 * read.
	 */
	private static final int CASES = 124;

	@TestFactory
	Stream<DynamicNode> specFiles() throws IOException {
		List<SpecFile> files;
		try (Stream<Path> paths = Files.list(SPEC_DIR)) {
			files = paths.filter(file -> file.toString().endsWith(".toml"))
				.sorted()
				.map(EqlSpecTests::specFile)
				.toList();
		}
		assertThat(files.stream().mapToInt(file -> file.cases().size()).sum()).as("cases in %s", SPEC_DIR)
			.isGreaterThanOrEqualTo(CASES);
		return files.stream().map(file -> DynamicContainer.dynamicContainer(file.name(), file.cases()));
	}

	private record SpecFile(String name, List<DynamicTest> cases) {
	}

	private static SpecFile specFile(Path file) {
		TomlParseResult spec;
		try {
			spec = Toml.parse(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		assertThat(spec.errors()).as("TOML errors in %s", file).isEmpty();
		List<JsonNode> events = spec.getString("events")
			.lines()
			.filter(line -> !line.isBlank())
			.map(line -> JSON.readTree(line))
			.toList();
		TomlArray cases = spec.getArray("case");
		List<DynamicTest> tests = new ArrayList<>();
		for (int i = 0; i < cases.size(); i++) {
			TomlTable specCase = cases.getTable(i);
			tests.add(DynamicTest.dynamicTest(specCase.getString("name"), () -> run(specCase, events)));
		}
		return new SpecFile(file.getFileName().toString(), tests);
	}

	private static void run(TomlTable specCase, List<JsonNode> events) {
		String query = specCase.getString("query");
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		Eql.Compilation compilation = Eql.compile(query, Eql.DEFAULT_CATEGORY_FIELD, slots);
		String expectedError = specCase.getString("error");
		if (expectedError != null) {
			assertThat(compilation.problems()).as("problems of %s", query)
				.anySatisfy(problem -> assertThat(problem.message()).contains(expectedError));
			assertThat(compilation.query()).isNull();
			return;
		}
		assertThat(compilation.problems()).as("problems of %s", query).filteredOn(Problem::error).isEmpty();
		String canonical = specCase.getString("canonical");
		if (canonical != null) {
			assertThat(compilation.canonical()).isEqualTo(canonical);
		}
		CompiledQuery.EventQuery compiled = (CompiledQuery.EventQuery) compilation.query();
		EventExtractor extractor = new EventExtractor(slots);
		List<Long> matched = events.stream()
			.filter(event -> compiled.condition().test(extractor.extract(event).values()))
			.map(event -> event.get("id").longValue())
			.toList();
		List<Long> expected = specCase.getArray("expected").toList().stream().map(Long.class::cast).toList();
		assertThat(matched).as("ids matched by %s", query).containsExactlyElementsOf(expected);
	}

}
