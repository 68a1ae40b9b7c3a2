package io.vigil.eql.value;

/**
 * Case folding as Elasticsearch 8.x applies it in case-insensitive matching: ASCII
 * letters only. Non-ASCII letters keep their case ({@code "É"} does not match
 * {@code "é"}); Lucene 10, in the 9.x line, folds Unicode, and this class is the one
 * place to change for that.
 */
public final class Ascii {

	private Ascii() {
	}

	public static char toLower(char c) {
		return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
	}

	public static String toLowerCase(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				char[] chars = value.toCharArray();
				for (int j = i; j < chars.length; j++) {
					chars[j] = toLower(chars[j]);
				}
				return new String(chars);
			}
		}
		return value;
	}

	public static boolean equalsIgnoreCase(String a, String b) {
		if (a.length() != b.length()) {
			return false;
		}
		for (int i = 0; i < a.length(); i++) {
			if (toLower(a.charAt(i)) != toLower(b.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/** A hash consistent with {@link #equalsIgnoreCase}, computed without allocating. */
	public static int hashIgnoreCase(String value) {
		int hash = 0;
		for (int i = 0; i < value.length(); i++) {
			hash = 31 * hash + toLower(value.charAt(i));
		}
		return hash;
	}

	public static boolean startsWithIgnoreCase(String value, String prefix) {
		return regionMatchesIgnoreCase(value, 0, prefix);
	}

	public static boolean endsWithIgnoreCase(String value, String suffix) {
		return value.length() >= suffix.length()
				&& regionMatchesIgnoreCase(value, value.length() - suffix.length(), suffix);
	}

	/**
	 * The first index at or after {@code from} where {@code part} occurs ignoring ASCII
	 * case, or -1.
	 */
	public static int indexOfIgnoreCase(String value, String part, int from) {
		for (int i = Math.max(0, from); i + part.length() <= value.length(); i++) {
			if (regionMatchesIgnoreCase(value, i, part)) {
				return i;
			}
		}
		return -1;
	}

	private static boolean regionMatchesIgnoreCase(String value, int offset, String part) {
		if (offset < 0 || offset + part.length() > value.length()) {
			return false;
		}
		for (int i = 0; i < part.length(); i++) {
			if (toLower(value.charAt(offset + i)) != toLower(part.charAt(i))) {
				return false;
			}
		}
		return true;
	}

}
