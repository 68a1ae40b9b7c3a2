package io.vigil.eql;

import java.util.List;

import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values a query requires, by which the engine routes events to it: every event a
 * query can match must have one of them, so a wrong hint is a missed alert.
 */
class QueryHintsTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					process where process.name == "a"                                                    | process.name=[a]
					process where process.name : ("a", "b") and process.args : "*x*"                     | process.name=[a, b]
					process where host.os.type == "windows" and process.name in ("x", "y", "z")          | process.name=[x, y, z]
					process where host.os.type == "linux" and process.args : "*x*"                       | host.os.type=[linux]
					process where process.name : "a" or process.pe.original_file_name == "b"             | process.name=[a]; process.pe.original_file_name=[b]
					process where (process.name : "a" and process.args : "-x") or process.parent.name : "p" | process.name=[a]; process.parent.name=[p]
					process where process.name : "a" or process.args : "*x*"                             | ''
					process where process.name : "*.exe"                                                 | ''
					process where not process.name == "a"                                               | ''
					process where process.pid == 4                                                       | ''
					sequence [process where process.name : "a"] [network where destination.port == 445] | ''
					sequence [process where process.name : "a"] [network where process.name : "b"]     | process.name=[a]; process.name=[b]
					sequence [process where process.name : "a"] [process where process.name : "b"] until [file where file.name : "f"] | process.name=[a]; process.name=[b]; file.name=[f]
					""")
	void requiredValues(String query, String expected) {
		Eql.Compilation compilation = Eql.compile(query, Eql.DEFAULT_CATEGORY_FIELD, new FieldSlots(FieldSchema.ecs()));
		assertThat(compilation.problems()).isEmpty();
		List<String> hints = compilation.query()
			.hints()
			.stream()
			.map(hint -> hint.field() + "=" + hint.values())
			.toList();
		assertThat(String.join("; ", hints)).isEqualTo(expected);
	}

}
