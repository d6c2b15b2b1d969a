package io.cqrs.common;

import org.junit.jupiter.api.Test;

import static io.cqrs.common.ServerFlavor.MARIADB;
import static io.cqrs.common.ServerFlavor.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GtidSetMySqlTest {

    static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    static final String B = "4d22bb58-82db-22f2-af44-d91bb9530673";

    static GtidSet my(String text) {
        return GtidSet.parse(MYSQL, text);
    }

    @Test
    void parse_normalisesCaseOrderAndMergesOverlappingAndAdjacentIntervals() {
        GtidSet set = my(B + ":3 , " + A.toUpperCase() + ":9-12:1-5:6:7,\n" + B + ":1-2");

        assertThat(set).hasToString(A + ":1-7:9-12," + B + ":1-3");
        assertThat(set.transactionCount()).isEqualTo(7 + 4 + 3);
    }

    @Test
    void parse_acceptsMySqlMultiLineOutputOfGtidExecuted() {
        String printed = A + ":1-29,\n" + B + ":1-8\n";

        assertThat(my(printed)).hasToString(A + ":1-29," + B + ":1-8");
    }

    @Test
    void parse_blankIsEmptySet() {
        assertThat(my("")).isEqualTo(GtidSet.empty(MYSQL));
        assertThat(my(" \n ").isEmpty()).isTrue();
        assertThat(my("").toString()).isEmpty();
        assertThat(my("").transactionCount()).isZero();
    }

    @Test
    void parse_sameUuidInTwoEntriesIsMerged() {
        assertThat(my(A + ":1-3," + A + ":4-6")).hasToString(A + ":1-6");
    }

    @Test
    void parse_taggedGtidsOfMySql84_areKeptApartFromUntaggedAndNormalised() {
        GtidSet set = my(A + ":1-5:Batch:1-3:alpha:7," + A + ":batch:4");

        assertThat(set).hasToString(A + ":1-5:alpha:7:batch:1-4");
        assertThat(set.transactionCount()).isEqualTo(5 + 1 + 4);
        assertThat(set.contains(my(A + ":batch:2"))).isTrue();
        assertThat(set.contains(my(A + ":6"))).isFalse();
        assertThat(my(A + ":tagged_only:1-2")).hasToString(A + ":tagged_only:1-2");
    }

    @Test
    void parse_rejectsBadTextWithMessageQuotingItAndShowingTheFormat() {
        assertThatThrownBy(() -> my("not-a-uuid:1-5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'not-a-uuid' is not a server uuid")
                .hasMessageContaining("expected e.g. '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7,");
        assertThatThrownBy(() -> my(A + ":5-3"))
                .hasMessageContaining("interval '5-3' ends before it starts");
        assertThatThrownBy(() -> my(A + ":0-3"))
                .hasMessageContaining("interval '0-3' contains 0");
        assertThatThrownBy(() -> my(A + ":1-x"))
                .hasMessageContaining("'1-x' is not a transaction interval");
        assertThatThrownBy(() -> my(A + ":99999999999999999999"))
                .hasMessageContaining("'99999999999999999999' is not a transaction interval");
        assertThatThrownBy(() -> my(A))
                .hasMessageContaining("has a uuid but no transaction numbers");
        assertThatThrownBy(() -> my(A + ":1,"))
                .hasMessageContaining("empty entry");
        assertThatThrownBy(() -> my(A + "::1"))
                .hasMessageContaining("empty part between colons");
        assertThatThrownBy(() -> my(A + ":1:tag"))
                .hasMessageContaining("tag 'tag'").hasMessageContaining("has no transaction numbers");
        assertThatThrownBy(() -> my(A + ":t1:t2:1"))
                .hasMessageContaining("tag 't1'");
        assertThatThrownBy(() -> my(A + ":bad-tag!:1"))
                .hasMessageContaining("'bad-tag!' is neither a transaction interval");
        assertThatThrownBy(() -> GtidSet.parse(MYSQL, null))
                .hasMessageContaining("GTID set is null");
    }

    @Test
    void parse_mariaDbTextAsMySql_hintsAtTheRightFlavour() {
        assertThatThrownBy(() -> my("0-1-100"))
                .hasMessageContaining("'0-1-100'")
                .hasMessageContaining("parse it with ServerFlavor.MARIADB");
    }

    @Test
    void parse_largestTransactionNumberIsAccepted_beyondIsRejected() {
        long max = Long.MAX_VALUE - 1;
        assertThat(my(A + ":" + (max - 1) + "-" + max).transactionCount()).isEqualTo(2);
        assertThatThrownBy(() -> my(A + ":" + Long.MAX_VALUE))
                .hasMessageContaining("goes beyond the largest transaction number");
    }

    @Test
    void union_mergesIntervalsAcrossSets() {
        assertThat(my(A + ":1-5").union(my(A + ":6-8:10," + B + ":1")))
                .hasToString(A + ":1-8:10," + B + ":1");
    }

    @Test
    void subtract_cutsHolesAndDropsEmptiedUuids() {
        GtidSet a = my(A + ":1-10:20-30," + B + ":1-5");

        assertThat(a.subtract(my(A + ":3-4:10-25," + B + ":1-5")))
                .hasToString(A + ":1-2:5-9:26-30");
        assertThat(a.subtract(a).isEmpty()).isTrue();
        assertThat(a.subtract(GtidSet.empty(MYSQL))).isEqualTo(a);
    }

    @Test
    void intersect_keepsOnlyCommonTransactions() {
        assertThat(my(A + ":1-10:20-30," + B + ":1-5").intersect(my(A + ":5-22," + B + ":9")))
                .hasToString(A + ":5-10:20-22");
    }

    @Test
    void contains_requiresEveryIntervalCovered() {
        GtidSet a = my(A + ":1-10:12-20");

        assertThat(a.contains(my(A + ":2-9:15"))).isTrue();
        assertThat(a.contains(my(A + ":10-12"))).as("11 is missing").isFalse();
        assertThat(a.contains(my(B + ":1"))).isFalse();
        assertThat(a.contains(GtidSet.empty(MYSQL))).isTrue();
        assertThat(GtidSet.empty(MYSQL).contains(a)).isFalse();
    }

    @Test
    void ofMySql_buildsOneInterval_andValidates() {
        assertThat(GtidSet.ofMySql(A.toUpperCase(), 3, 7)).isEqualTo(my(A + ":3-7"));
        assertThatThrownBy(() -> GtidSet.ofMySql("abc", 1, 2)).hasMessageContaining("'abc' is not a server uuid");
        assertThatThrownBy(() -> GtidSet.ofMySql(A, 7, 3)).hasMessageContaining("interval '7-3' ends before it starts");
    }

    @Test
    void mixingFlavours_isRejectedNamingBoth() {
        GtidSet mysql = my(A + ":1");
        GtidSet maria = GtidSet.parse(MARIADB, "0-1-5");

        assertThatThrownBy(() -> mysql.union(maria))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("union() needs two sets of one flavour, got a MySQL GTID set ('" + A + ":1')")
                .hasMessageContaining("and a MariaDB GTID set ('0-1-5'); parse both with the flavour of the same server");
        assertThatThrownBy(() -> maria.contains(mysql))
                .hasMessageContaining("contains() needs two sets of one flavour, got a MariaDB GTID set ('0-1-5') and a MySQL GTID set");
        assertThat(mysql).isNotEqualTo(maria);
        assertThat(GtidSet.empty(MYSQL)).isNotEqualTo(GtidSet.empty(MARIADB));
    }

    @Test
    void parse_thousandsOfIntervals_isFast() {
        StringBuilder sb = new StringBuilder(A);
        for (int i = 0; i < 200_000; i++) {
            sb.append(':').append(3L * i + 1).append('-').append(3L * i + 2);
        }
        long start = System.nanoTime();
        GtidSet big = my(sb.toString());
        GtidSet holes = big.subtract(my(A + ":1-300000"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(big.transactionCount()).isEqualTo(400_000);
        assertThat(holes.transactionCount()).isEqualTo(400_000 - 200_000);
        assertThat(millis).as("parse + subtract of 200k intervals took %d ms", millis).isLessThan(3_000);
    }
}
