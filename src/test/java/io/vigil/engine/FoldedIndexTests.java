package io.vigil.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vigil.eql.value.Ascii;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FoldedIndexTests {

	@Test
	void findsTheRulesOfAValueWhateverItsCaseAndNothingForOthers() {
		Map<String, List<Integer>> byValue = new LinkedHashMap<>();
		byValue.put("cmd.exe", List.of(1, 2));
		byValue.put("CMD.EXE", List.of(2, 3));
		byValue.put("aa", List.of(4));
		for (int i = 0; i < 100; i++) {
			byValue.put("tool" + i + ".exe", List.of(10 + i));
		}
		FoldedIndex index = new FoldedIndex(byValue);
		assertThat(get(index, "Cmd.Exe")).containsExactly(1, 2, 3);
		assertThat(get(index, "TOOL42.exe")).containsExactly(52);
		assertThat(get(index, "powershell.exe")).isNull();
		assertThat(get(index, "ab")).isNull(); // next to "aa" in the table
		assertThat(get(index, "AA")).containsExactly(4);
	}

	private static int[] get(FoldedIndex index, String value) {
		return index.get(value, Ascii.hashIgnoreCase(value));
	}

}
