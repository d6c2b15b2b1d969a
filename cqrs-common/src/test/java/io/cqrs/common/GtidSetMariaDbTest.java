package io.cqrs.common;

import org.junit.jupiter.api.Test;

import static io.cqrs.common.ServerFlavor.MARIADB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GtidSetMariaDbTest {

    static GtidSet maria(String text) {
        return GtidSet.parse(MARIADB, text);
    }

    @Test
    void parse_sortsByDomainAndRoundTrips() {
        GtidSet set = maria(" 1-2-7,\n0-1-100 ");

        assertThat(set).hasToString("0-1-100,1-2-7");
        assertThat(maria(set.toString())).isEqualTo(set);
        assertThat(set.flavor()).isEqualTo(MARIADB);
    }

    @Test
    void parse_domainListedTwice_keepsTheHighWaterMark() {
        assertThat(maria("0-1-100,0-2-120,0-3-90")).hasToString("0-2-120");
    }

    @Test
    void parse_blankIsEmpty() {
        assertThat(maria("").isEmpty()).isTrue();
        assertThat(maria("")).isEqualTo(GtidSet.empty(MARIADB));
    }

    @Test
    void parse_unsignedRanges() {
        assertThat(maria("4294967295-4294967295-18446744073709551615"))
                .hasToString("4294967295-4294967295-18446744073709551615");
        assertThatThrownBy(() -> maria("4294967296-1-1"))
                .hasMessageContaining("the domain id '4294967296' in '4294967296-1-1' is not a number from 0 to 4294967295");
        assertThatThrownBy(() -> maria("0-1-18446744073709551616"))
                .hasMessageContaining("sequence number '18446744073709551616'");
    }

    @Test
    void parse_rejectsBadTextWithMessageQuotingItAndShowingTheFormat() {
        assertThatThrownBy(() -> maria("0-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid MariaDB GTID position '0-1': '0-1' is not domain-server-sequence")
                .hasMessageContaining("expected e.g. '0-1-100,1-2-7'");
        assertThatThrownBy(() -> maria("0-1-x")).hasMessageContaining("sequence number 'x'");
        assertThatThrownBy(() -> maria("0-1-5,,1-1-1")).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> maria("-1-1-5")).hasMessageContaining("is not domain-server-sequence");
        assertThatThrownBy(() -> maria("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"))
                .hasMessageContaining("parse it with ServerFlavor.MYSQL");
        assertThatThrownBy(() -> GtidSet.ofMariaDb(-1, 1, 1)).hasMessageContaining("'-1-1-1'");
    }

    @Test
    void contains_comparesSequencePerDomain() {
        GtidSet source = maria("0-1-100,1-2-7");

        assertThat(source.contains(maria("0-1-99"))).isTrue();
        assertThat(source.contains(maria("0-5-100,1-2-7"))).as("server id is not compared").isTrue();
        assertThat(source.contains(maria("0-1-101"))).isFalse();
        assertThat(source.contains(maria("2-1-1"))).as("unknown domain").isFalse();
        assertThat(source.contains(GtidSet.empty(MARIADB))).isTrue();
    }

    @Test
    void union_isPerDomainMaximum() {
        assertThat(maria("0-1-100,1-2-7").union(maria("0-3-90,1-2-9,2-1-1")))
                .hasToString("0-1-100,1-2-9,2-1-1");
    }

    @Test
    void subtract_listsDomainsWhereThisIsAhead() {
        GtidSet source = maria("0-1-100,1-2-7,2-1-3");
        GtidSet replica = maria("0-1-100,1-2-5");

        assertThat(source.subtract(replica)).hasToString("1-2-7,2-1-3");
        assertThat(replica.subtract(source).isEmpty()).as("the source contains the replica").isTrue();
    }

    @Test
    void intersect_isPerDomainMinimumOverCommonDomains() {
        assertThat(maria("0-1-100,1-2-7").intersect(maria("0-1-50,2-2-9"))).hasToString("0-1-50");
    }

    @Test
    void transactionCount_isUnsupportedWithReason() {
        assertThatThrownBy(() -> maria("0-1-100").transactionCount())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("per-domain high-water mark");
    }

    @Test
    void ofMariaDb_equalsParsedText() {
        assertThat(GtidSet.ofMariaDb(0, 1, 100)).isEqualTo(maria("0-1-100"));
    }
}
