package io.vigil.eql.value;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Dates as Elasticsearch's default {@code date} format reads them,
 * {@code strict_date_optional_time||epoch_millis}: an ISO-8601 date with optional time,
 * fraction and zone (UTC when absent), or epoch milliseconds as a number or a numeric
 * string.
 */
public final class Timestamps {

	private static final Pattern ISO = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2})(?::(\\d{2})"
			+ "(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?)?)?)?");

	private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,19}(\\.\\d+)?");

	/** 0000-01-01T00:00:00.000Z: the first instant of the four-digit years. */
	public static final long MIN_MILLIS = -62_167_219_200_000L;

	/** 9999-12-31T23:59:59.999Z: the last instant of the four-digit years. */
	public static final long MAX_MILLIS = 253_402_300_799_999L;

	private Timestamps() {
	}

	/**
	 * Whether an event may carry this date: one of the four-digit years that
	 * Elasticsearch's default format ({@code strict_date_optional_time}) reads and
	 * prints, and that both databases store.
	 */
	public static boolean inRange(long millis) {
		return millis >= MIN_MILLIS && millis <= MAX_MILLIS;
	}

	/** Epoch milliseconds of a date string, or null when it is not one. */
	public static @Nullable Long parse(String text) {
		long fast = parseUtcMillis(text);
		if (fast != NOT_FAST) {
			return fast;
		}
		Range range = parseRange(text);
		return range == null ? null : range.from();
	}

	private static final long NOT_FAST = Long.MIN_VALUE;

	/**
	 * The form shippers send nearly always, {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z}, read
	 * without a regular expression; {@code NOT_FAST} for anything else (which the general
	 * parser reads).
	 */
	private static long parseUtcMillis(String text) {
		int length = text.length();
		if ((length != 20 && length != 24) || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
				|| text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
				|| (length == 24 && text.charAt(19) != '.')) {
			return NOT_FAST;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		int millis = length == 24 ? digits(text, 20, 3) : 0;
		if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0
				|| minute > 59 || second < 0 || second > 59 || millis < 0) {
			// days 29-31 are left to java.time, which knows the month lengths
			return NOT_FAST;
		}
		long epochDay = LocalDate.of(year, month, day).toEpochDay();
		return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
	}

	/** The decimal number of {@code count} digits at {@code from}, or -1. */
	private static int digits(String text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	/**
	 * Epoch milliseconds of a JSON value: a number is epoch millis, a string is parsed.
	 */
	public static @Nullable Long parse(Object value) {
		return switch (value) {
			case Long millis -> millis;
			case Integer millis -> millis.longValue();
			case Double millis -> Double.isFinite(millis) ? (long) millis.doubleValue() : null;
			case String text -> parse(text);
			default -> null;
		};
	}

	/**
	 * The span of time a date string names, both ends inclusive:
	 * {@code 2017-08-30T20:47:33Z} is that whole second, {@code 2017-08-30} that whole
	 * day. Elasticsearch widens date literals this way in queries ({@code ==} matches the
	 * span, {@code <=} and {@code >} round up).
	 */
	public static @Nullable Range parseRange(String text) {
		if (EPOCH_MILLIS.matcher(text).matches()) {
			try {
				long millis = (long) Double.parseDouble(text);
				return text.contains(".") ? new Range(millis, millis)
						: new Range(Long.parseLong(text), Long.parseLong(text));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		Matcher m = ISO.matcher(text);
		if (!m.matches()) {
			return null;
		}
		try {
			int year = Integer.parseInt(m.group(1));
			int month = group(m, 2, 1);
			int day = group(m, 3, 1);
			int hour = group(m, 4, 0);
			int minute = group(m, 5, 0);
			int second = group(m, 6, 0);
			String fraction = m.group(7);
			int nanos = fraction == null ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
			ZoneOffset zone = m.group(8) == null || m.group(8).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
			LocalDateTime start = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
			LocalDateTime end;
			if (fraction != null) {
				end = start;
			}
			else if (m.group(6) != null) {
				end = start.plusSeconds(1).minusNanos(1);
			}
			else if (m.group(5) != null) {
				end = start.plusMinutes(1).minusNanos(1);
			}
			else if (m.group(4) != null) {
				end = start.plusHours(1).minusNanos(1);
			}
			else if (m.group(3) != null) {
				end = start.plusDays(1).minusNanos(1);
			}
			else if (m.group(2) != null) {
				end = start.plusMonths(1).minusNanos(1);
			}
			else {
				end = start.plusYears(1).minusNanos(1);
			}
			return new Range(start.toInstant(zone).toEpochMilli(), end.toInstant(zone).toEpochMilli());
		}
		catch (DateTimeException | NumberFormatException ex) {
			return null;
		}
	}

	private static int group(Matcher m, int group, int absent) {
		return m.group(group) == null ? absent : Integer.parseInt(m.group(group));
	}

	/** Epoch milliseconds from {@code from} to {@code to}, both inclusive. */
	public record Range(long from, long to) {
	}

}
