package io.cqrs.common;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.cqrs.common.ServerFlavor.MARIADB;
import static io.cqrs.common.ServerFlavor.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Algebraic laws of {@link GtidSet}. MySQL sets are also checked against a naive model (the
 * explicit set of every GTID) so the interval arithmetic is exact, not merely self-consistent.
 */
class GtidSetPropertiesTest {

    private static final List<String> UUIDS = List.of(
            "3e11fa47-71ca-11e1-9e33-c80aa9429562",
            "4D22BB58-82DB-22F2-AF44-D91BB9530673",
            "00000000-0000-0000-0000-000000000001");

    @Provide
    Arbitrary<GtidSet> mysql() {
        Arbitrary<String> source = Combinators.combine(
                        Arbitraries.of(UUIDS), Arbitraries.of("", ":t", ":Other_tag"))
                .as((uuid, tag) -> uuid + tag);
        Arbitrary<String> interval = Combinators.combine(
                        Arbitraries.longs().between(1, 40), Arbitraries.longs().between(0, 6))
                .as((first, width) -> width == 0 ? Long.toString(first) : first + "-" + (first + width));
        Arbitrary<String> entry = Combinators.combine(source, interval.list().ofMinSize(1).ofMaxSize(5))
                .as((s, intervals) -> s + ":" + String.join(":", intervals));
        return entry.list().ofMaxSize(6).map(entries -> GtidSet.parse(MYSQL, String.join(",\n", entries)));
    }

    @Provide
    Arbitrary<GtidSet> maria() {
        Arbitrary<String> gtid = Combinators.combine(
                        Arbitraries.longs().between(0, 3), Arbitraries.longs().between(1, 3),
                        Arbitraries.longs().between(0, 30))
                .as((d, s, n) -> d + "-" + s + "-" + n);
        return gtid.list().ofMaxSize(5).map(list -> GtidSet.parse(MARIADB, String.join(",", list)));
    }

    /** Every GTID of a MySQL set, spelled "uuid[:tag]#n", read back from its canonical text. */
    static Set<String> model(GtidSet set) {
        Set<String> out = new HashSet<>();
        if (set.isEmpty()) {
            return out;
        }
        for (String entry : set.toString().split(",")) {
            String[] parts = entry.split(":");
            String source = parts[0];
            for (int i = 1; i < parts.length; i++) {
                if (Character.isDigit(parts[i].charAt(0))) {
                    String[] range = parts[i].split("-");
                    long first = Long.parseLong(range[0]);
                    long last = range.length == 1 ? first : Long.parseLong(range[1]);
                    for (long n = first; n <= last; n++) {
                        out.add(source + "#" + n);
                    }
                } else {
                    source = parts[0] + ":" + parts[i];
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------ MySQL

    @Property
    void mysql_formatThenParse_roundTrips(@ForAll("mysql") GtidSet a) {
        assertThat(GtidSet.parse(MYSQL, a.toString())).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.transactionCount()).isEqualTo(model(a).size());
    }

    @Property
    void mysql_operationsMatchTheNaiveModel(@ForAll("mysql") GtidSet a, @ForAll("mysql") GtidSet b) {
        Set<String> union = new HashSet<>(model(a));
        union.addAll(model(b));
        Set<String> diff = new HashSet<>(model(a));
        diff.removeAll(model(b));
        Set<String> common = new HashSet<>(model(a));
        common.retainAll(model(b));

        assertThat(model(a.union(b))).isEqualTo(union);
        assertThat(model(a.subtract(b))).isEqualTo(diff);
        assertThat(model(a.intersect(b))).isEqualTo(common);
        assertThat(a.contains(b)).isEqualTo(model(a).containsAll(model(b)));
    }

    @Property
    void mysql_subtractAndIntersect_partitionTheSet(@ForAll("mysql") GtidSet a, @ForAll("mysql") GtidSet b) {
        assertThat(a.subtract(b).intersect(b).isEmpty()).isTrue();
        assertThat(a.subtract(b).union(a.intersect(b))).isEqualTo(a);
        assertThat(a.intersect(b)).isEqualTo(b.intersect(a));
    }

    @Property
    void mysql_unionLaws(@ForAll("mysql") GtidSet a, @ForAll("mysql") GtidSet b, @ForAll("mysql") GtidSet c) {
        checkUnionLaws(a, b, c);
    }

    @Property
    void mysql_containsIffSubtractIsEmpty(@ForAll("mysql") GtidSet a, @ForAll("mysql") GtidSet b) {
        assertThat(a.contains(b)).isEqualTo(b.subtract(a).isEmpty());
        assertThat(a.contains(a.intersect(b))).isTrue();
    }

    // ------------------------------------------------------------ MariaDB

    @Property
    void maria_formatThenParse_roundTrips(@ForAll("maria") GtidSet a) {
        assertThat(GtidSet.parse(MARIADB, a.toString())).isEqualTo(a).hasSameHashCodeAs(a);
    }

    @Property
    void maria_unionLaws(@ForAll("maria") GtidSet a, @ForAll("maria") GtidSet b, @ForAll("maria") GtidSet c) {
        checkUnionLaws(a, b, c);
    }

    @Property
    void maria_containsIffSubtractIsEmpty(@ForAll("maria") GtidSet a, @ForAll("maria") GtidSet b) {
        assertThat(a.contains(b)).isEqualTo(b.subtract(a).isEmpty());
        assertThat(a.contains(a.intersect(b))).isTrue();
        assertThat(b.contains(a.intersect(b))).isTrue();
    }

    @Property
    void maria_addingTheSubtractedDomains_catchesUp(@ForAll("maria") GtidSet a, @ForAll("maria") GtidSet b) {
        assertThat(b.union(a.subtract(b)).contains(a)).isTrue();
        assertThat(a.union(a.intersect(b))).isEqualTo(a);
    }

    private static void checkUnionLaws(GtidSet a, GtidSet b, GtidSet c) {
        assertThat(a.union(b)).as("commutative").isEqualTo(b.union(a));
        assertThat(a.union(b).union(c)).as("associative").isEqualTo(a.union(b.union(c)));
        assertThat(a.union(a)).as("idempotent").isEqualTo(a);
        assertThat(a.union(GtidSet.empty(a.flavor()))).as("empty is neutral").isEqualTo(a);
        assertThat(a.union(b).contains(a)).as("union contains a").isTrue();
        assertThat(a.union(b).contains(b)).as("union contains b").isTrue();
        assertThat(a.contains(a)).as("reflexive").isTrue();
    }
}
