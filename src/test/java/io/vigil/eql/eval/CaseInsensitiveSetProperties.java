package io.vigil.eql.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.vigil.eql.value.Ascii;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

class CaseInsensitiveSetProperties {

	/**
	 * Short words of few letters, so that many differ only by case and many share a slot.
	 */
	@Provide
	Arbitrary<String> words() {
		return Arbitraries.strings().withChars("aAbBcC.-").ofMinLength(0).ofMaxLength(4);
	}

	@Property(tries = 2000)
	void holdsExactlyWhatALowerCasedSetHolds(@ForAll List<@From("words") String> members,
			@ForAll("words") String probe) {
		CaseInsensitiveSet set = new CaseInsensitiveSet(members);
		Set<String> reference = new HashSet<>();
		members.forEach(member -> reference.add(member.toLowerCase(Locale.ROOT)));
		assertThat(set.contains(probe)).isEqualTo(reference.contains(probe.toLowerCase(Locale.ROOT)));
		assertThat(set.contains(probe, Ascii.hashIgnoreCase(probe))).isEqualTo(set.contains(probe));
	}

}
