package io.cqrs.common;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cqrs.common.ServerFlavor.MARIADB;
import static io.cqrs.common.ServerFlavor.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GtidSet#isCanonical} must agree exactly with "parses, and its canonical text is itself",
 * for texts as servers print them, canonical texts, and canonical texts with one small defect.
 */
class CanonicalGtidTextTest {

    private static final List<String> UUIDS = List.of(
            "3e11fa47-71ca-11e1-9e33-c80aa9429562",
            "4D22BB58-82DB-22F2-AF44-D91BB9530673",
            "00000000-0000-0000-0000-000000000001",
            "4d22bb58-82db-22f2-af44-d91bb9530673");

    /** Untagged MySQL texts in many spellings: canonical or not, sorted or not, valid or not. */
    @Provide
    Arbitrary<String> mysqlTexts() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().between(0, 40).map(Object::toString),
                Arbitraries.of("9223372036854775806", "9223372036854775807", "9223372036854775808", "07", "00"));
        Arbitrary<String> interval = Combinators.combine(number, number, Arbitraries.of(true, false))
                .as((a, b, range) -> range ? a + "-" + b : a);
        Arbitrary<String> entry = Combinators.combine(Arbitraries.of(UUIDS), interval.list().ofMinSize(1).ofMaxSize(4))
                .as((u, is) -> u + ":" + String.join(":", is));
        return Combinators.combine(entry.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(",", ",\n", ", "))
                .as((es, sep) -> String.join(sep, es));
    }

    @Provide
    Arbitrary<String> mariaTexts() {
        Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.longs().between(0, 4).map(Object::toString),
                Arbitraries.of("4294967295", "4294967296", "01"));
        Arbitrary<String> seq = Arbitraries.oneOf(Arbitraries.longs().between(0, 30).map(Object::toString),
                Arbitraries.of("18446744073709551615", "18446744073709551616", "9223372036854775808", "007"));
        Arbitrary<String> gtid = Combinators.combine(id, id, seq).as((d, s, n) -> d + "-" + s + "-" + n);
        return Combinators.combine(gtid.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(",", ", "))
                .as((gs, sep) -> String.join(sep, gs));
    }

    @Property(tries = 3000)
    void mysql_agreesWithParseThenFormat(@ForAll("mysqlTexts") String text) {
        assertThat(GtidSet.isCanonical(MYSQL, text)).as(text).isEqualTo(roundTrips(MYSQL, text));
    }

    @Property(tries = 3000)
    void maria_agreesWithParseThenFormat(@ForAll("mariaTexts") String text) {
        assertThat(GtidSet.isCanonical(MARIADB, text)).as(text).isEqualTo(roundTrips(MARIADB, text));
    }

    @Property(tries = 2000)
    void canonicalTexts_withOneCharacterChanged_agreeToo(@ForAll("mysqlTexts") String mysql, @ForAll("mariaTexts") String maria,
                                                        @ForAll("edits") int position, @ForAll("edits") int replacement) {
        for (var c : List.of(java.util.Map.entry(MYSQL, mysql), java.util.Map.entry(MARIADB, maria))) {
            String canonical;
            try {
                canonical = GtidSet.parse(c.getKey(), c.getValue()).toString();
            } catch (IllegalArgumentException invalid) {
                continue;
            }
            assertThat(GtidSet.isCanonical(c.getKey(), canonical)).as(canonical).isTrue();
            if (canonical.isEmpty()) {
                continue;
            }
            char[] chars = canonical.toCharArray();
            chars[position % chars.length] = "0123456789:-,aA9 ".charAt(replacement % 17);
            String edited = new String(chars);
            assertThat(GtidSet.isCanonical(c.getKey(), edited)).as(edited).isEqualTo(roundTrips(c.getKey(), edited));
        }
    }

    /** Canonical texts of small sets: mostly one uuid or domain, as session tokens are. */
    @Provide
    Arbitrary<String> canonicalMySql() {
        Arbitrary<String> interval = Combinators.combine(Arbitraries.longs().between(1, 30), Arbitraries.longs().between(0, 4))
                .as((f, w) -> w == 0 ? Long.toString(f) : f + "-" + (f + w));
        Arbitrary<String> entry = Combinators.combine(Arbitraries.of(UUIDS.get(0), UUIDS.get(2)), Arbitraries.of("", ":t", ":t:1-2:u"),
                        interval.list().ofMinSize(1).ofMaxSize(3))
                .as((u, tag, is) -> u + tag + ":" + String.join(":", is));
        return entry.list().ofMinSize(0).ofMaxSize(2).map(es -> GtidSet.parse(MYSQL, String.join(",", es)).toString());
    }

    @Provide
    Arbitrary<String> canonicalMariaDb() {
        Arbitrary<String> gtid = Combinators.combine(Arbitraries.longs().between(0, 1), Arbitraries.longs().between(1, 12),
                        Arbitraries.oneOf(Arbitraries.longs().between(0, 120).map(Object::toString),
                                Arbitraries.of("18446744073709551615", "9223372036854775808")))
                .as((d, srv, n) -> d + "-" + srv + "-" + n);
        return gtid.list().ofMinSize(0).ofMaxSize(2).map(gs -> GtidSet.parse(MARIADB, String.join(",", gs)).toString());
    }

    @Property(tries = 3000)
    void unionOfCanonical_equalsTheSetUnion_mysql(@ForAll("canonicalMySql") String a, @ForAll("canonicalMySql") String b) {
        checkUnion(MYSQL, a, b);
    }

    @Property(tries = 3000)
    void unionOfCanonical_equalsTheSetUnion_mariadb(@ForAll("canonicalMariaDb") String a, @ForAll("canonicalMariaDb") String b) {
        checkUnion(MARIADB, a, b);
    }

    private static void checkUnion(ServerFlavor flavor, String a, String b) {
        String expected = GtidSet.parse(flavor, a).union(GtidSet.parse(flavor, b)).toString();
        String got = GtidSet.unionOfCanonical(flavor, a, b);
        assertThat(got).as(a + " + " + b).isEqualTo(expected);
        if (expected.equals(a)) {
            assertThat(got).as("nothing new: the same instance").isSameAs(a);
        }
    }

    @Test
    void unionOfCanonical_fastShapes() {
        String u = UUIDS.get(0);
        assertThat(GtidSet.unionOfCanonical(MYSQL, u + ":1-7", u + ":8")).isEqualTo(u + ":1-8");
        assertThat(GtidSet.unionOfCanonical(MYSQL, u + ":1-7", u + ":9")).isEqualTo(u + ":1-7:9");
        assertThat(GtidSet.unionOfCanonical(MYSQL, u + ":1-7:9", u + ":10")).isEqualTo(u + ":1-7:9-10");
        assertThat(GtidSet.unionOfCanonical(MYSQL, u + ":1-7", u + ":3")).isEqualTo(u + ":1-7");
        // a tagged set's last interval belongs to its tag, not to the untagged uuid
        assertThat(GtidSet.unionOfCanonical(MYSQL, u + ":1-3:tag:1-5", u + ":6")).isEqualTo(u + ":1-3:6:tag:1-5");
        assertThat(GtidSet.unionOfCanonical(MYSQL, u + ":tag:1-5", u + ":6")).isEqualTo(u + ":6:tag:1-5");
        assertThat(GtidSet.unionOfCanonical(MARIADB, "0-1-7", "0-1-8")).isEqualTo("0-1-8");
        assertThat(GtidSet.unionOfCanonical(MARIADB, "0-1-10", "0-1-9")).isEqualTo("0-1-10");
        assertThat(GtidSet.unionOfCanonical(MARIADB, "0-1-7", "1-1-3")).isEqualTo("0-1-7,1-1-3");
    }

    @Provide
    Arbitrary<Integer> edits() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Test
    void examples() {
        assertThat(GtidSet.isCanonical(MYSQL, "")).isTrue();
        assertThat(GtidSet.isCanonical(MYSQL, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7")).isTrue();
        assertThat(GtidSet.isCanonical(MYSQL, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:6")).isFalse(); // adjacent
        assertThat(GtidSet.isCanonical(MYSQL, "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5")).isFalse();
        assertThat(GtidSet.isCanonical(MYSQL, "3e11fa47-71ca-11e1-9e33-c80aa9429562:tag:1-5")).isFalse(); // tags: slow path
        assertThat(GtidSet.isCanonical(MARIADB, "0-1-100,1-2-7")).isTrue();
        assertThat(GtidSet.isCanonical(MARIADB, "1-2-7,0-1-100")).isFalse();
        assertThat(GtidSet.isCanonical(MARIADB, "0-1-18446744073709551615")).isTrue();
        assertThat(GtidSet.isCanonical(MARIADB, "0-1-18446744073709551616")).isFalse();
        assertThat(GtidSet.isCanonical(MARIADB, null)).isFalse();
    }

    /** Canonical by parse-then-format, and (MySQL) without a tag: tagged sets are left to the slow path. */
    private static boolean roundTrips(ServerFlavor flavor, String text) {
        if (flavor == MYSQL && java.util.regex.Pattern.compile(":[^0-9]").matcher(text).find()) {
            return false;
        }
        try {
            return GtidSet.parse(flavor, text).toString().equals(text);
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }
}
