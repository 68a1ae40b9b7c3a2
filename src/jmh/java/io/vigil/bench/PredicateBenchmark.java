package io.vigil.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vigil.eql.CompiledQuery;
import io.vigil.eql.eval.Condition;
import io.vigil.eql.eval.EventExtractor;
import io.vigil.eql.eval.FieldValues;
import io.vigil.rules.RuleCatalogue;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

/**
 * Predicate evaluation on events whose values were extracted beforehand: the cost of deciding
 * whether an event matches a stage, without JSON parsing.
 *
 * <p>{@code seedRule}: both stage predicates of the seed rule on realistic events that match
 * neither (an incoming HTTPS connection and a process started by explorer.exe).
 * {@code dllNameList}: the condition of the corpus rule {@code defense_evasion_masquerading_windows_dll},
 * whose {@code dll.name : (...)} list has 2,609 entries (read from {@code ../shared}), on an event
 * that reaches the list and whose name is in it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PredicateBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Condition networkStage;

	private Condition processStage;

	private Condition dllRule;

	private FieldValues[] seedEvents;

	private FieldValues dllEvent;

	private int next;

	@Setup
	public void setUp() throws IOException {
		RuleCatalogue seed = RuleLoader.load(Path.of("rules"));
		List<CompiledQuery.Stage> stages = ((CompiledQuery.SequenceQuery) seed.files().getFirst().query()).stages();
		networkStage = stages.get(0).condition();
		processStage = stages.get(1).condition();
		EventExtractor seedExtractor = new EventExtractor(seed.slots());
		seedEvents = new FieldValues[] { extract(seedExtractor, """
				{"@timestamp":"2024-05-14T08:00:23.348Z","event":{"category":["network"],"type":["start"],"action":"connection_accepted"},
				 "host":{"id":"40c1f16d","name":"WKS-0062","os":{"type":"windows","family":"windows"}},
				 "network":{"direction":"incoming","transport":"tcp","protocol":"tls"},"source":{"ip":"10.29.188.187","port":51942},
				 "destination":{"ip":"10.20.0.72","port":443},"process":{"pid":4,"name":"System"}}"""), extract(seedExtractor, """
				{"@timestamp":"2024-05-14T08:00:27.350Z","event":{"category":["process"],"type":["start"],"action":"start"},
				 "host":{"id":"40c1f16d","name":"WKS-0062","os":{"type":"windows","family":"windows"}},
				 "process":{"pid":8181,"name":"notepad.exe","executable":"C:\\\\Windows\\\\System32\\\\notepad.exe",
				 "parent":{"pid":1576,"name":"explorer.exe","executable":"C:\\\\Windows\\\\explorer.exe"}}}""") };

		RuleCatalogue corpus = RuleLoader.load(Path.of("../shared/corpus/detection-rules-eql/rules/windows"));
		RuleFile dll = corpus.files()
			.stream()
			.filter(file -> file.path().endsWith("defense_evasion_masquerading_windows_dll.toml"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("../shared corpus not found"));
		dllRule = ((CompiledQuery.EventQuery) dll.query()).condition();
		dllEvent = extract(new EventExtractor(corpus.slots()), """
				{"@timestamp":"2024-05-14T08:00:27.350Z","event":{"category":["library"],"action":"load"},
				 "host":{"os":{"type":"windows"}},"dll":{"name":"AadAuthHelper.dll","path":"C:\\\\Users\\\\bob\\\\AppData\\\\x.dll","Ext":{"relative_file_creation_time":120},
				 "code_signature":{"status":"trusted","trusted":true,"subject_name":"Microsoft Windows"}},
				 "process":{"name":"svchost.exe","executable":"C:\\\\Windows\\\\System32\\\\svchost.exe"}}""");
	}

	private static FieldValues extract(EventExtractor extractor, String json) {
		return extractor.extract(JSON.readTree(json)).values();
	}

	@Benchmark
	public boolean seedRule() {
		FieldValues event = seedEvents[next++ & 1];
		return networkStage.test(event) | processStage.test(event);
	}

	@Benchmark
	public boolean dllNameList() {
		return dllRule.test(dllEvent);
	}

	public static void main(String[] args) throws IOException {
		Files.createDirectories(Path.of("target"));
		org.openjdk.jmh.Main.main(args);
	}

}
