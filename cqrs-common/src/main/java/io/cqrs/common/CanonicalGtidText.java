package io.cqrs.common;

/**
 * Recognises, in one pass and without allocating, GTID texts that are already in the canonical
 * spelling of {@link GtidSet#toString()}, so that callers holding such a text (a token built from
 * a union, a captured {@code @@last_gtid}) can skip a parse and a format.
 *
 * <p>Exact for MariaDB positions and for untagged MySQL sets: {@code isCanonical(t)} is true
 * exactly when {@code GtidSet.parse(flavor, t).toString().equals(t)}. Tagged MySQL sets (8.4) are
 * never recognised; callers normalise them the slow way.
 */
final class CanonicalGtidText {

    private static final long MAX_UINT32 = 0xFFFF_FFFFL;
    private static final String MAX_UINT64 = "18446744073709551615";
    private static final String LONG_MAX = "9223372036854775807";
    private static final int UUID_LENGTH = 36;

    private final String t;
    private int i;

    private CanonicalGtidText(String t) {
        this.t = t;
    }

    static boolean isCanonical(ServerFlavor flavor, String text) {
        if (text.isEmpty()) {
            return true;
        }
        CanonicalGtidText s = new CanonicalGtidText(text);
        return flavor == ServerFlavor.MYSQL ? s.mysql() : s.mariadb();
    }

    /**
     * The union of two canonical texts when it can be had without parsing, else null: a MariaDB
     * position and one GTID of the same single domain (the one with more progress, returned as
     * the same instance); an untagged MySQL set of one uuid and one interval of that uuid that starts after
     * the start of the set's last interval (appended, or merged into the last interval). These are
     * the shapes of a session token and the GTID of the transaction just committed.
     */
    static String fastUnion(ServerFlavor flavor, String a, String b) {
        return flavor == ServerFlavor.MYSQL ? fastMySqlUnion(a, b) : fastMariaDbUnion(a, b);
    }

    private static String fastMariaDbUnion(String a, String b) {
        if (a.indexOf(',') >= 0 || b.indexOf(',') >= 0) {
            return null;
        }
        int aDash = a.indexOf('-');
        int bDash = b.indexOf('-');
        if (aDash != bDash || !a.regionMatches(0, b, 0, aDash)) {
            return null; // another domain
        }
        int aLast = a.lastIndexOf('-');
        int bLast = b.lastIndexOf('-');
        // canonical numbers have no leading zeros: longer is larger, else compare the digits
        int c = compareDigits(a, aLast + 1, a.length(), b, bLast + 1, b.length());
        if (c == 0) {
            c = compareDigits(a, aDash + 1, aLast, b, bDash + 1, bLast);
        }
        return c >= 0 ? a : b;
    }

    /**
     * Compares {@code a[aFrom, aTo)} with {@code b[bFrom, bTo)} as numbers without leading zeros
     * (the longer is larger, else character by character); for equal lengths, as plain text.
     */
    private static int compareDigits(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
        int la = aTo - aFrom;
        int lb = bTo - bFrom;
        if (la != lb) {
            return la - lb;
        }
        for (int k = 0; k < la; k++) {
            int d = a.charAt(aFrom + k) - b.charAt(bFrom + k);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    private static String fastMySqlUnion(String a, String b) {
        if (a.length() <= UUID_LENGTH || b.length() <= UUID_LENGTH || a.indexOf(',') >= 0 || b.indexOf(',') >= 0
                || !a.regionMatches(0, b, 0, UUID_LENGTH) || b.indexOf(':', UUID_LENGTH + 1) >= 0) {
            return null; // several uuids, another uuid, or b has several intervals
        }
        for (int k = UUID_LENGTH; k < a.length(); k++) {
            char c = a.charAt(k);
            if (c != ':' && c != '-' && (c < '0' || c > '9')) {
                return null; // a tag: the last interval may belong to it, not to the untagged uuid
            }
        }
        int lastColon = a.lastIndexOf(':');
        long[] last = interval(a, lastColon + 1);
        long[] add = interval(b, UUID_LENGTH + 1);
        if (last == null || add == null || add[0] <= last[0]) {
            return null;
        }
        if (add[0] > last[1] + 1) {
            return a + b.substring(UUID_LENGTH); // a new interval after the last one
        }
        if (add[1] <= last[1]) {
            return a; // already contained
        }
        return a.substring(0, lastColon + 1) + last[0] + '-' + add[1];
    }

    /** {@code first[-last]} from {@code from} to the end (canonical), or null. */
    private static long[] interval(String t, int from) {
        int dash = t.indexOf('-', from);
        try {
            long first = Long.parseLong(t, from, dash < 0 ? t.length() : dash, 10);
            long last = dash < 0 ? first : Long.parseLong(t, dash + 1, t.length(), 10);
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code d-s-n(,d-s-n)*}: domains strictly ascending, ids within 32 bits, sequence within 64. */
    private boolean mariadb() {
        long previousDomain = -1;
        while (true) {
            long domain = number(10, MAX_UINT32);
            if (domain <= previousDomain || !take('-') || number(10, MAX_UINT32) < 0 || !take('-') || !sequence()) {
                return false;
            }
            previousDomain = domain;
            if (i == t.length()) {
                return true;
            }
            if (!take(',')) {
                return false;
            }
        }
    }

    /** {@code uuid:i(:i)*(,uuid:i(:i)*)*}: lower-case uuids strictly ascending; intervals ascending, apart, as a or a-b (a < b). */
    private boolean mysql() {
        int previousUuid = -1;
        while (true) {
            int uuid = i;
            if (!uuid() || (previousUuid >= 0 && compareDigits(t, previousUuid, previousUuid + UUID_LENGTH, t, uuid, uuid + UUID_LENGTH) >= 0)) {
                return false;
            }
            previousUuid = uuid;
            long previousLast = -1;
            do {
                if (!take(':')) {
                    return false;
                }
                long first = number(19, MySqlGtidSet.MAX_GNO);
                if (first < 1 || (previousLast >= 0 && first <= previousLast + 1)) {
                    return false; // 0, a tag, overlapping or adjacent to the previous interval
                }
                long last = first;
                if (i < t.length() && t.charAt(i) == '-') {
                    i++;
                    last = number(19, MySqlGtidSet.MAX_GNO);
                    if (last <= first) {
                        return false;
                    }
                }
                previousLast = last;
            } while (i < t.length() && t.charAt(i) == ':');
            if (i == t.length()) {
                return true;
            }
            if (!take(',')) {
                return false;
            }
        }
    }

    private boolean uuid() {
        if (t.length() - i < UUID_LENGTH) {
            return false;
        }
        for (int k = 0; k < UUID_LENGTH; k++) {
            char c = t.charAt(i + k);
            boolean ok = (k == 8 || k == 13 || k == 18 || k == 23) ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        i += UUID_LENGTH;
        return true;
    }

    private boolean take(char c) {
        if (i < t.length() && t.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    /** Decimal digits without a leading zero, at most {@code maxDigits} (≤ 19) of them and at most {@code max}; else -1. */
    private long number(int maxDigits, long max) {
        int start = i;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        int digits = i - start;
        if (digits == 0 || digits > maxDigits || (digits > 1 && t.charAt(start) == '0')
                || (digits == 19 && compareDigits(t, start, i, LONG_MAX, 0, LONG_MAX.length()) > 0)) {
            return -1;
        }
        long v = 0;
        for (int k = start; k < i; k++) {
            v = v * 10 + (t.charAt(k) - '0');
        }
        return v <= max ? v : -1;
    }

    /** An unsigned 64-bit sequence number without a leading zero. */
    private boolean sequence() {
        int start = i;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        int digits = i - start;
        if (digits == 0 || digits > MAX_UINT64.length() || (digits > 1 && t.charAt(start) == '0')) {
            return false;
        }
        return compareDigits(t, start, i, MAX_UINT64, 0, MAX_UINT64.length()) <= 0;
    }
}
