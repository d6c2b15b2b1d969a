package io.cqrs.routing.consistency;

import org.junit.jupiter.api.Test;

import static io.cqrs.common.ServerFlavor.MARIADB;
import static io.cqrs.common.ServerFlavor.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GtidTextsTest {

    static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    static final String B = "8b1c7e20-0000-11ee-8000-000000000001";

    @Test
    void mysqlSet_isNormalizedLowercaseSortedAndMerged() {
        assertThat(GtidTexts.normalize(MYSQL, B + ":3-4,\n" + A.toUpperCase() + ":7:1-5:6")).isEqualTo(A + ":1-7," + B + ":3-4");
    }

    @Test
    void mysqlUnion_mergesAdjacentAndOverlappingIntervals() {
        assertThat(GtidTexts.union(MYSQL, A + ":1-5:10", A + ":6-8," + B + ":1")).isEqualTo(A + ":1-8:10," + B + ":1");
    }

    @Test
    void mysqlTaggedGtids_areKeptApartFromUntagged() {
        assertThat(GtidTexts.normalize(MYSQL, A + ":1-3:batch:1-2")).isEqualTo(A + ":1-3:batch:1-2");
        assertThat(GtidTexts.contains(MYSQL, A + ":1-3", A + ":batch:1")).isFalse();
    }

    @Test
    void mysqlMissing_countsTransactionsNotInReplica() {
        assertThat(GtidTexts.missing(MYSQL, A + ":1-100," + B + ":1-5", A + ":1-90:95")).isEqualTo(9 + 5);
        assertThat(GtidTexts.missing(MYSQL, A + ":1-100", A + ":1-100")).isZero();
        assertThat(GtidTexts.contains(MYSQL, A + ":1-100", A + ":42")).isTrue();
    }

    @Test
    void mariaDbUnion_keepsHighestSequencePerDomain() {
        assertThat(GtidTexts.union(MARIADB, "0-1-10,1-2-5", "0-3-12,2-1-1")).isEqualTo("0-3-12,1-2-5,2-1-1");
        assertThat(GtidTexts.normalize(MARIADB, "0-1-10,0-2-3")).isEqualTo("0-1-10");
    }

    @Test
    void mariaDbMissing_isSequenceGapPerDomain() {
        assertThat(GtidTexts.missing(MARIADB, "0-1-10,1-1-4", "0-1-7")).isEqualTo(3 + 4);
        assertThat(GtidTexts.contains(MARIADB, "0-2-10", "0-1-9")).isTrue();
    }

    @Test
    void emptyAndNullSets_areEmpty() {
        assertThat(GtidTexts.normalize(MYSQL, "")).isEmpty();
        assertThat(GtidTexts.normalize(MARIADB, null)).isEmpty();
        assertThat(GtidTexts.contains(MYSQL, "", "")).isTrue();
    }

    @Test
    void garbage_isRejectedWithTheFormatInTheMessage() {
        assertThatThrownBy(() -> GtidTexts.normalize(MYSQL, "not-a-uuid:1-5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid MySQL GTID set 'not-a-uuid:1-5'")
                .hasMessageContaining("'not-a-uuid' is not a server uuid")
                .hasMessageContaining("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7");
        assertThatThrownBy(() -> GtidTexts.normalize(MYSQL, A + ":5-3")).hasMessageContaining("interval '5-3'");
        assertThatThrownBy(() -> GtidTexts.normalize(MARIADB, "0-1")).hasMessageContaining("'0-1' is not domain-server-seq");
    }
}
