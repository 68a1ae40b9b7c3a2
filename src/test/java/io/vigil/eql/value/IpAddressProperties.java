package io.vigil.eql.value;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written dotted-quad reader accepts exactly what the IPv4 grammar (ES's) does.
 */
class IpAddressProperties {

	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	@Property(tries = 5000)
	void agreesWithTheDottedQuadGrammar(@ForAll("dottedish") String text) throws UnknownHostException {
		Optional<IpAddress> parsed = IpAddress.parse(text);
		if (DOTTED_QUAD.matcher(text).matches()) {
			assertThat(parsed).as(text).contains(IpAddress.of(InetAddress.getByName(text).getAddress()));
		}
		else if (text.indexOf(':') < 0) {
			assertThat(parsed).as(text).isEmpty();
		}
	}

	@Example
	void edges() {
		assertThat(IpAddress.parse("0.0.0.0")).isPresent();
		assertThat(IpAddress.parse("255.255.255.255")).isPresent();
		assertThat(IpAddress.parse("256.1.1.1")).isEmpty();
		assertThat(IpAddress.parse("01.1.1.1")).isEmpty();
		assertThat(IpAddress.parse("1.1.1")).isEmpty();
		assertThat(IpAddress.parse("1.1.1.1.")).isEmpty();
		assertThat(IpAddress.parse("1..1.1")).isEmpty();
		assertThat(IpAddress.parse("1.1.1.1.1")).isEmpty();
		assertThat(IpAddress.parse("10.1.2.3")).isEqualTo(IpAddress.parse("::ffff:10.1.2.3"));
	}

	@Provide
	Arbitrary<String> dottedish() {
		Arbitrary<String> octet = Arbitraries.oneOf(Arbitraries.integers().between(0, 300).map(String::valueOf),
				Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(4));
		return Arbitraries.oneOf(octet.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join(".", parts)),
				Arbitraries.strings().withChars("0123456789.x ").ofMaxLength(17));
	}

}
