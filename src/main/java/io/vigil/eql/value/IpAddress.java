package io.vigil.eql.value;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address as Elasticsearch's {@code ip} type stores it: 128 bits, with
 * IPv4 held as IPv4-mapped IPv6, so {@code ::1} equals {@code 0:0:0:0:0:0:0:1} and
 * {@code ::ffff:10.1.2.3} equals {@code 10.1.2.3}. Immutable, ordered by address value.
 */
public final class IpAddress implements Comparable<IpAddress> {

	/**
	 * Characters of an IPv6 literal (with an optional embedded IPv4 tail); no zone ids.
	 */
	private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

	private static final long V4_MAPPED_HIGH = 0L;

	private static final long V4_MAPPED_LOW_PREFIX = 0x0000_ffff_0000_0000L;

	private final long high;

	private final long low;

	private IpAddress(long high, long low) {
		this.high = high;
		this.low = low;
	}

	/**
	 * Parses an address literal. Never resolves a host name: text that is not an address
	 * literal gives an empty result.
	 */
	public static Optional<IpAddress> parse(String text) {
		long v4 = ipv4(text);
		if (v4 >= 0) {
			return Optional.of(new IpAddress(V4_MAPPED_HIGH, V4_MAPPED_LOW_PREFIX | v4));
		}
		if (!(text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches())) {
			return Optional.empty();
		}
		try {
			// Safe: the text is an address literal, so no lookup happens.
			return Optional.of(of(InetAddress.getByName(text).getAddress()));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	/**
	 * A dotted quad as its 32-bit value, or -1: four decimal octets of at most 255
	 * without leading zeros, as Elasticsearch reads IPv4 (the most common value of an ip
	 * field, so no regex here).
	 */
	private static long ipv4(String text) {
		int length = text.length();
		if (length < 7 || length > 15) {
			return -1;
		}
		long address = 0;
		int octets = 0;
		int i = 0;
		while (i < length) {
			int start = i;
			int value = 0;
			while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
				value = value * 10 + (text.charAt(i) - '0');
				i++;
			}
			int digits = i - start;
			if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
				return -1;
			}
			address = (address << 8) | value;
			octets++;
			if (i == length) {
				break;
			}
			if (text.charAt(i) != '.' || octets == 4) {
				return -1;
			}
			i++;
			if (i == length) {
				return -1;
			}
		}
		return octets == 4 ? address : -1;
	}

	/** From 4 (IPv4) or 16 (IPv6) bytes in network order. */
	public static IpAddress of(byte[] bytes) {
		if (bytes.length == 4) {
			return new IpAddress(V4_MAPPED_HIGH, V4_MAPPED_LOW_PREFIX | (toLong(bytes, 0, 4) & 0xffff_ffffL));
		}
		if (bytes.length != 16) {
			throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length);
		}
		return new IpAddress(toLong(bytes, 0, 8), toLong(bytes, 8, 8));
	}

	long high() {
		return high;
	}

	long low() {
		return low;
	}

	public boolean isIpv4() {
		return high == V4_MAPPED_HIGH && (low & 0xffff_ffff_0000_0000L) == V4_MAPPED_LOW_PREFIX;
	}

	@Override
	public int compareTo(IpAddress other) {
		int byHigh = Long.compareUnsigned(high, other.high);
		return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof IpAddress that && high == that.high && low == that.low;
	}

	@Override
	public int hashCode() {
		return Long.hashCode(high) * 31 + Long.hashCode(low);
	}

	/**
	 * Dotted quad for IPv4, RFC 5952 form (lower case, longest zero run compressed) for
	 * IPv6.
	 */
	@Override
	public String toString() {
		if (isIpv4()) {
			return "%d.%d.%d.%d".formatted((low >>> 24) & 0xff, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff);
		}
		int[] groups = new int[8];
		for (int i = 0; i < 4; i++) {
			groups[i] = (int) ((high >>> (48 - 16 * i)) & 0xffff);
			groups[i + 4] = (int) ((low >>> (48 - 16 * i)) & 0xffff);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8;) {
			int j = i;
			while (j < 8 && groups[j] == 0) {
				j++;
			}
			if (j - i > bestLength) {
				bestStart = i;
				bestLength = j - i;
			}
			i = j == i ? i + 1 : j;
		}
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				out.append("::");
				i += bestLength - 1;
				continue;
			}
			if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
				out.append(':');
			}
			out.append(Integer.toHexString(groups[i]));
		}
		return out.toString();
	}

	private static long toLong(byte[] bytes, int offset, int length) {
		long value = 0;
		for (int i = offset; i < offset + length; i++) {
			value = (value << 8) | (bytes[i] & 0xff);
		}
		return value;
	}

}
