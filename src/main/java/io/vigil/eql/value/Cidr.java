package io.vigil.eql.value;

import java.util.Optional;

/**
 * A CIDR block ({@code 10.0.0.0/8}, {@code fe80::/10}) or a single address, over the
 * 128-bit address space of {@link IpAddress}.
 */
public final class Cidr {

	private final long highMask;

	private final long lowMask;

	private final long high;

	private final long low;

	private final String text;

	private final IpAddress address;

	private final boolean single;

	private Cidr(IpAddress address, int prefix, String text) {
		this.address = address;
		this.single = prefix == 128;
		this.highMask = prefix >= 64 ? -1L : prefix == 0 ? 0L : -1L << (64 - prefix);
		this.lowMask = prefix <= 64 ? 0L : prefix == 128 ? -1L : -1L << (128 - prefix);
		this.high = address.high() & highMask;
		this.low = address.low() & lowMask;
		this.text = text;
	}

	/** Parses {@code address/prefix} or a plain address (a block of one). */
	public static Optional<Cidr> parse(String text) {
		int slash = text.indexOf('/');
		String addressText = slash < 0 ? text : text.substring(0, slash);
		Optional<IpAddress> address = IpAddress.parse(addressText);
		if (address.isEmpty()) {
			return Optional.empty();
		}
		int max = address.get().isIpv4() && addressText.indexOf(':') < 0 ? 32 : 128;
		int prefix = max;
		if (slash >= 0) {
			String digits = text.substring(slash + 1);
			if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > max) {
				return Optional.empty();
			}
			prefix = Integer.parseInt(digits);
		}
		return Optional.of(new Cidr(address.get(), max == 32 ? prefix + 96 : prefix, text));
	}

	/** The address as written, before masking. */
	public IpAddress address() {
		return address;
	}

	/** A block of exactly one address. */
	public boolean isSingleAddress() {
		return single;
	}

	public boolean contains(IpAddress address) {
		return (address.high() & highMask) == high && (address.low() & lowMask) == low;
	}

	@Override
	public String toString() {
		return text;
	}

}
