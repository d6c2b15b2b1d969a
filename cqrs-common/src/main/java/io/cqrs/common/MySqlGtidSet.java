package io.cqrs.common;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * MySQL GTID set: per source id ({@code uuid} or {@code uuid:tag}), a normalised interval list
 * stored flat as {@code [first0, last0, first1, last1, ...]}: sorted, disjoint, never touching.
 * The arrays are never exposed or changed after construction.
 */
final class MySqlGtidSet extends GtidSet {

    /** MySQL's largest transaction number is 2^63 - 2. */
    static final long MAX_GNO = Long.MAX_VALUE - 1;
    private static final int UUID_LENGTH = 36;
    private static final int MAX_TAG_LENGTH = 32;

    static final MySqlGtidSet EMPTY = new MySqlGtidSet(new TreeMap<>());

    /** Key: lower-case uuid, or lower-case {@code uuid:tag}. Sorted so the text is canonical. */
    private final SortedMap<String, long[]> intervals;

    private MySqlGtidSet(TreeMap<String, long[]> intervals) {
        this.intervals = Collections.unmodifiableSortedMap(intervals);
    }

    private static MySqlGtidSet of(TreeMap<String, long[]> intervals) {
        return intervals.isEmpty() ? EMPTY : new MySqlGtidSet(intervals);
    }

    static MySqlGtidSet of(String uuid, long first, long last) {
        String u = uuid == null ? "null" : uuid.strip();
        if (!isUuid(u)) {
            throw new IllegalArgumentException("'" + uuid + "' is not a server uuid; expected 36 characters like "
                    + "'3e11fa47-71ca-11e1-9e33-c80aa9429562'");
        }
        checkInterval(first, last, first + "-" + last, null);
        TreeMap<String, long[]> m = new TreeMap<>();
        m.put(u.toLowerCase(Locale.ROOT), new long[] {first, last});
        return new MySqlGtidSet(m);
    }

    // ---------------------------------------------------------------- parsing

    static MySqlGtidSet parse(String text) {
        if (text.isBlank()) {
            return EMPTY;
        }
        Map<String, LongList> raw = new HashMap<>();
        int start = 0;
        int length = text.length();
        while (start <= length) {
            int comma = text.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            parseEntry(text, text.substring(start, end).strip(), raw);
            start = end + 1;
        }
        TreeMap<String, long[]> result = new TreeMap<>();
        raw.forEach((key, list) -> result.put(key, normalize(list)));
        return of(result);
    }

    private static void parseEntry(String text, String entry, Map<String, LongList> raw) {
        if (entry.isEmpty()) {
            throw bad(text, "it has an empty entry (two commas in a row, or a comma at the start or end)");
        }
        String[] tokens = entry.split(":", -1);
        String uuid = tokens[0].strip();
        if (!isUuid(uuid)) {
            String hint = uuid.matches("\\d+-\\d+-\\d+")
                    ? " (it looks like a MariaDB position domain-server-sequence; parse it with ServerFlavor.MARIADB)"
                    : "";
            throw bad(text, "'" + uuid + "' is not a server uuid" + hint);
        }
        uuid = uuid.toLowerCase(Locale.ROOT);
        if (tokens.length == 1) {
            throw bad(text, "entry '" + entry + "' has a uuid but no transaction numbers");
        }
        String key = uuid;
        boolean pendingTag = false;
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i].strip();
            if (token.isEmpty()) {
                throw bad(text, "entry '" + entry + "' has an empty part between colons");
            }
            char c = token.charAt(0);
            if (c >= '0' && c <= '9') {
                parseInterval(text, token, raw.computeIfAbsent(key, k -> new LongList()));
                pendingTag = false;
            } else {
                if (pendingTag) {
                    throw bad(text, "tag '" + tokens[i - 1].strip() + "' in entry '" + entry + "' has no transaction numbers");
                }
                key = uuid + ":" + tag(text, token);
                pendingTag = true;
            }
        }
        if (pendingTag) {
            throw bad(text, "tag '" + tokens[tokens.length - 1].strip() + "' in entry '" + entry
                    + "' has no transaction numbers; write it as uuid:tag:1-5");
        }
    }

    private static String tag(String text, String token) {
        String tag = token.toLowerCase(Locale.ROOT);
        boolean ok = tag.length() <= MAX_TAG_LENGTH;
        for (int i = 0; ok && i < tag.length(); i++) {
            char c = tag.charAt(i);
            ok = c == '_' || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
        }
        if (!ok) {
            throw bad(text, "'" + token + "' is neither a transaction interval like 1-5 nor a GTID tag "
                    + "(a letter or _ followed by up to 31 letters, digits or _)");
        }
        return tag;
    }

    private static void parseInterval(String text, String token, LongList into) {
        int dash = token.indexOf('-');
        long first = number(text, token, dash < 0 ? token : token.substring(0, dash).strip());
        long last = dash < 0 ? first : number(text, token, token.substring(dash + 1).strip());
        checkInterval(first, last, token, text);
        into.add(first, last);
    }

    private static long number(String text, String token, String digits) {
        boolean ok = !digits.isEmpty() && digits.length() <= 19;
        for (int i = 0; ok && i < digits.length(); i++) {
            ok = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
        }
        if (ok) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException tooLarge) {
                // falls through to the message below
            }
        }
        throw bad(text, "'" + token + "' is not a transaction interval; write a number or first-last, "
                + "numbers from 1 to " + MAX_GNO);
    }

    private static void checkInterval(long first, long last, String token, String text) {
        String problem = null;
        if (first < 1 || last < 1) {
            problem = "interval '" + token + "' contains 0 or a negative number; transaction numbers start at 1";
        } else if (first > MAX_GNO || last > MAX_GNO) {
            problem = "interval '" + token + "' goes beyond the largest transaction number " + MAX_GNO;
        } else if (last < first) {
            problem = "interval '" + token + "' ends before it starts; write first-last with first <= last";
        }
        if (problem != null) {
            if (text == null) {
                throw new IllegalArgumentException(problem);
            }
            throw bad(text, problem);
        }
    }

    private static boolean isUuid(String s) {
        if (s.length() != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = s.charAt(i);
            boolean ok = (i == 8 || i == 13 || i == 18 || i == 23)
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("invalid MySQL GTID set '" + abbreviate(text.strip()) + "': " + problem
                + "; expected e.g. " + example(ServerFlavor.MYSQL));
    }

    /** Sorts and merges raw intervals; linear when they arrive sorted, as servers print them. */
    static long[] normalize(LongList list) {
        long[] a = list.toArray();
        int n = a.length / 2;
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = a[2 * i] >= a[2 * i - 2];
        }
        if (!sorted) {
            long[][] pairs = new long[n][];
            for (int i = 0; i < n; i++) {
                pairs[i] = new long[] {a[2 * i], a[2 * i + 1]};
            }
            Arrays.sort(pairs, (x, y) -> Long.compare(x[0], y[0]));
            for (int i = 0; i < n; i++) {
                a[2 * i] = pairs[i][0];
                a[2 * i + 1] = pairs[i][1];
            }
        }
        LongList out = new LongList();
        for (int i = 0; i < n; i++) {
            out.addMerging(a[2 * i], a[2 * i + 1]);
        }
        return out.toArray();
    }

    // ---------------------------------------------------------------- operations

    @Override
    public ServerFlavor flavor() {
        return ServerFlavor.MYSQL;
    }

    @Override
    public boolean isEmpty() {
        return intervals.isEmpty();
    }

    @Override
    long transactionsNotInSameFlavor(GtidSet other) {
        try {
            return subtract(other).transactionCount();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public long transactionCount() {
        long count = 0;
        for (long[] a : intervals.values()) {
            for (int i = 0; i < a.length; i += 2) {
                count = Math.addExact(count, a[i + 1] - a[i] + 1);
            }
        }
        return count;
    }

    @Override
    GtidSet unionSameFlavor(GtidSet o) {
        MySqlGtidSet other = (MySqlGtidSet) o;
        if (other.isEmpty()) {
            return this;
        }
        TreeMap<String, long[]> result = new TreeMap<>(intervals);
        other.intervals.forEach((key, b) -> result.merge(key, b, MySqlGtidSet::union));
        return of(result);
    }

    @Override
    GtidSet subtractSameFlavor(GtidSet o) {
        MySqlGtidSet other = (MySqlGtidSet) o;
        TreeMap<String, long[]> result = new TreeMap<>();
        intervals.forEach((key, a) -> {
            long[] b = other.intervals.get(key);
            long[] diff = b == null ? a : subtract(a, b);
            if (diff.length > 0) {
                result.put(key, diff);
            }
        });
        return of(result);
    }

    @Override
    GtidSet intersectSameFlavor(GtidSet o) {
        MySqlGtidSet other = (MySqlGtidSet) o;
        TreeMap<String, long[]> result = new TreeMap<>();
        intervals.forEach((key, a) -> {
            long[] b = other.intervals.get(key);
            long[] common = b == null ? new long[0] : intersect(a, b);
            if (common.length > 0) {
                result.put(key, common);
            }
        });
        return of(result);
    }

    @Override
    boolean containsSameFlavor(GtidSet o) {
        MySqlGtidSet other = (MySqlGtidSet) o;
        for (Map.Entry<String, long[]> e : other.intervals.entrySet()) {
            long[] mine = intervals.get(e.getKey());
            if (mine == null || !covers(mine, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    String format() {
        StringBuilder sb = new StringBuilder();
        String previousUuid = null;
        for (Map.Entry<String, long[]> e : intervals.entrySet()) {
            String key = e.getKey();
            String uuid = key.substring(0, UUID_LENGTH);
            if (!uuid.equals(previousUuid)) {
                if (previousUuid != null) {
                    sb.append(',');
                }
                sb.append(uuid);
                previousUuid = uuid;
            }
            if (key.length() > UUID_LENGTH) {
                sb.append(key, UUID_LENGTH, key.length());
            }
            long[] a = e.getValue();
            for (int i = 0; i < a.length; i += 2) {
                sb.append(':').append(a[i]);
                if (a[i + 1] != a[i]) {
                    sb.append('-').append(a[i + 1]);
                }
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- interval lists

    private static long[] union(long[] a, long[] b) {
        LongList out = new LongList();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (j >= b.length || (i < a.length && a[i] <= b[j])) {
                out.addMerging(a[i], a[i + 1]);
                i += 2;
            } else {
                out.addMerging(b[j], b[j + 1]);
                j += 2;
            }
        }
        return out.toArray();
    }

    private static long[] intersect(long[] a, long[] b) {
        LongList out = new LongList();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            long lo = Math.max(a[i], b[j]);
            long hi = Math.min(a[i + 1], b[j + 1]);
            if (lo <= hi) {
                out.add(lo, hi);
            }
            if (a[i + 1] < b[j + 1]) {
                i += 2;
            } else {
                j += 2;
            }
        }
        return out.toArray();
    }

    private static long[] subtract(long[] a, long[] b) {
        LongList out = new LongList();
        int j = 0;
        for (int i = 0; i < a.length; i += 2) {
            long lo = a[i];
            long hi = a[i + 1];
            while (j < b.length && b[j + 1] < lo) {
                j += 2;
            }
            int k = j;
            while (lo <= hi && k < b.length && b[k] <= hi) {
                if (b[k] > lo) {
                    out.add(lo, b[k] - 1);
                }
                lo = Math.max(lo, b[k + 1] + 1);
                k += 2;
            }
            if (lo <= hi) {
                out.add(lo, hi);
            }
        }
        return out.toArray();
    }

    /** True when every interval of {@code b} lies inside one interval of {@code a} (both normalised). */
    private static boolean covers(long[] a, long[] b) {
        int i = 0;
        for (int j = 0; j < b.length; j += 2) {
            while (i < a.length && a[i + 1] < b[j]) {
                i += 2;
            }
            if (i >= a.length || a[i] > b[j] || a[i + 1] < b[j + 1]) {
                return false;
            }
        }
        return true;
    }

    /** A growable flat list of intervals. */
    static final class LongList {
        private long[] values = new long[8];
        private int size;

        void add(long first, long last) {
            if (size + 2 > values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = first;
            values[size++] = last;
        }

        /** Adds an interval that starts at or after the last one, merging when they overlap or touch. */
        void addMerging(long first, long last) {
            if (size > 0 && first <= values[size - 1] + 1) {
                values[size - 1] = Math.max(values[size - 1], last);
            } else {
                add(first, last);
            }
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    @Override
    GtidSet errantAgainstSameFlavor(GtidSet source, long ownServerId) {
        return subtractSameFlavor(source);
    }
}
