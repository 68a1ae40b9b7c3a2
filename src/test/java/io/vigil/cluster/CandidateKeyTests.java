package io.vigil.cluster;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Record keys decide which partition owns a join key: equal keys must agree, different
 * ones must not.
 */
class CandidateKeyTests {

	@Test
	void differentKeysNeverShareAnEncoding() {
		List<List<Object>> keys = List.of(List.of("1"), List.of(1L), List.of(1.0d), List.of(true), List.of("true"),
				Arrays.asList("a", null), Arrays.asList(null, "a"), List.of("a\u001fsb:x"), List.of("a", "sb:x"),
				List.of("a:", "b"), List.of("a", ":b"), List.of(), Arrays.asList((Object) null));
		assertThat(keys.stream().map(key -> CandidateKey.encode("rule", key)).distinct()).hasSameSizeAs(keys);
	}

	@Test
	void aStoreKeyGivesBackItsCandidateKeyWhateverTheCharacters() {
		String candidateKey = CandidateKey.encode("rule", List.of("host\u001e:1", "12:x"));
		String storeKey = CorrelationProcessor.storeKey(candidateKey, "event\u001e:9");
		assertThat(CorrelationProcessor.candidateKeyOf(storeKey)).isEqualTo(candidateKey);
		assertThat(storeKey).isNotEqualTo(CorrelationProcessor.storeKey(candidateKey + "e", "vent\u001e:9"));
	}

	@Test
	void equalKeysShareTheirEncodingAndTheRuleComesBack() {
		String encoded = CandidateKey.encode("9a1a2dae-0b5f-4c3d-8305-a268d404c306", List.of("host-1", 5985L));
		assertThat(CandidateKey.encode("9a1a2dae-0b5f-4c3d-8305-a268d404c306", List.of("host-1", 5985L)))
			.isEqualTo(encoded);
		assertThat(CandidateKey.ruleId(encoded)).isEqualTo("9a1a2dae-0b5f-4c3d-8305-a268d404c306");
		assertThat(CandidateKey.encode("rule", List.of("host-1")))
			.isNotEqualTo(CandidateKey.encode("other", List.of("host-1")));
	}

}
