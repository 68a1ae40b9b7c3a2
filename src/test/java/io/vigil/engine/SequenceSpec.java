package io.vigil.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.vigil.diagnostics.SourceText;
import io.vigil.eql.eval.FieldSlots;
import io.vigil.eql.schema.FieldSchema;
import io.vigil.rules.RuleFile;
import io.vigil.rules.RuleLoader;
import io.vigil.support.RuleTexts;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sequence spec case, read from {@code src/test/resources/engine/*.toml}, and how to
 * run it.
 *
 * <p>
 * A case either gives {@code series}, the timeline notation of Elasticsearch's matcher
 * tests: one line per stage, {@code A7} an event with ordinal 7 matching that stage (the
 * letter is only a label), {@code k|A7} the same with join key {@code k}; an event on
 * several lines matches several stages; or it gives a {@code query} and NDJSON
 * {@code events}, each with a numeric {@code id}. {@code expected} lists the sequences,
 * each as the ids of its events in stage order ({@code -} for a missing-event stage),
 * optionally prefixed by {@code key:}.
 */
public record SequenceSpec(String name, String query, List<JsonNode> events, List<String> expected) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern SERIES_EVENT = Pattern.compile("(?:([\\w-]+)\\|)?[A-Za-z]+(\\d+)");

	private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

	static List<SequenceSpec> load(Path file) {
		TomlParseResult spec;
		try {
			spec = Toml.parse(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		if (spec.hasErrors()) {
			throw new IllegalStateException(file + ": " + spec.errors());
		}
		TomlArray cases = spec.getArray("case");
		List<SequenceSpec> specs = new ArrayList<>();
		for (int i = 0; i < cases.size(); i++) {
			TomlTable table = cases.getTable(i);
			List<String> expected = table.getArray("expected").toList().stream().map(String.class::cast).toList();
			String series = table.getString("series");
			if (series != null) {
				specs.add(fromSeries(table.getString("name"), series, expected));
			}
			else {
				List<JsonNode> events = table.getString("events")
					.lines()
					.filter(line -> !line.isBlank())
					.map(JSON::readTree)
					.toList();
				specs.add(new SequenceSpec(table.getString("name"), table.getString("query"), events, expected));
			}
		}
		return specs;
	}

	static Stream<Path> files() throws IOException {
		return Files.list(Path.of("src/test/resources/engine"))
			.filter(path -> path.toString().endsWith(".toml"))
			.sorted();
	}

	private static SequenceSpec fromSeries(String name, String series, List<String> expected) {
		List<String> lines = series.lines().filter(line -> !line.isBlank()).toList();
		Map<Integer, List<Integer>> stagesById = new TreeMap<>();
		Map<Integer, String> keyById = new LinkedHashMap<>();
		for (int stage = 0; stage < lines.size(); stage++) {
			Matcher m = SERIES_EVENT.matcher(lines.get(stage));
			while (m.find()) {
				int id = Integer.parseInt(m.group(2));
				stagesById.computeIfAbsent(id, k -> new ArrayList<>()).add(stage + 1);
				keyById.put(id, m.group(1) == null ? "_" : m.group(1));
			}
		}
		List<JsonNode> events = new ArrayList<>();
		stagesById.forEach((id, stages) -> events.add(JSON.readTree("""
				{"id": %d, "@timestamp": "%s", "k": "%s", "stage": %s}""".formatted(id, BASE.plusSeconds(id),
				keyById.get(id), stages))));
		String query = "sequence by k\n" + java.util.stream.IntStream.rangeClosed(1, lines.size())
			.mapToObj(stage -> "  [any where stage == " + stage + "]")
			.collect(Collectors.joining("\n"));
		return new SequenceSpec(name, query, events, expected);
	}

	/**
	 * A fresh engine evaluating the case's query as a rule, with the reader of its
	 * events.
	 */
	Compiled engine() {
		String toml = RuleTexts.eql("spec", "Spec case", query);
		FieldSlots slots = new FieldSlots(FieldSchema.ecs());
		RuleFile rule = RuleLoader.load(List.of(new SourceText(name + ".toml", toml)), slots).getFirst();
		if (rule.query() == null) {
			throw new IllegalStateException(name + ": " + rule.diagnostics());
		}
		// A day of lateness: cases span minutes, and shuffled arrivals must all be within
		// the horizon.
		DetectionEngine engine = new DetectionEngine(List.of(rule), slots,
				new EngineSettings(Duration.ofDays(1), 10_000, 1_000_000, Duration.ofMinutes(2)),
				Clock.fixed(BASE, ZoneOffset.UTC));
		return new Compiled(engine, new EventReader(slots));
	}

	/** An engine and the reader of its events. */
	record Compiled(DetectionEngine engine, EventReader reader) {

		/** Reads the case's events, numbering arrivals in the given order. */
		List<EngineEvent> read(List<JsonNode> events) {
			List<EngineEvent> read = new ArrayList<>();
			for (JsonNode event : events) {
				EventReader.Reading reading = reader.read(event, event.toString(), event.get("id").asString(), null,
						BASE);
				if (reading.event() == null) {
					throw new IllegalStateException(reading.reason());
				}
				read.add(reading.event().arrived(read.size()));
			}
			return read;
		}

	}

	/**
	 * A detection in the notation of {@code expected}, with its key when the expected
	 * entries have keys.
	 */
	String describe(Detection detection) {
		String events = detection.events()
			.stream()
			.map(member -> member.missing() ? "-" : member.event().id())
			.collect(Collectors.joining(" "));
		if (expected.stream().noneMatch(entry -> entry.contains(":"))) {
			return events;
		}
		return detection.keys().stream().map(key -> String.valueOf(key.value())).collect(Collectors.joining(",")) + ": "
				+ events;
	}

	/** Expected entries written with labels ("A2 B3") reduced to ids ("2 3"). */
	public List<String> expectedIds() {
		return expected.stream().map(entry -> entry.replaceAll("\\b[A-Za-z]+(\\d+)\\b", "$1")).toList();
	}

	static final Comparator<String> BY_LAST_EVENT = Comparator.comparingInt(SequenceSpec::lastId)
		.thenComparing(Comparator.naturalOrder());

	private static int lastId(String entry) {
		String[] parts = entry.replaceAll(".*:", "").trim().split(" ");
		for (int i = parts.length - 1; i >= 0; i--) {
			if (!parts[i].equals("-")) {
				return Integer.parseInt(parts[i]);
			}
		}
		return -1;
	}

}
