package io.cqrs.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link GtidSet#errantAgainst}: the one errant check of start-replication and the GTID-state classification. */
class GtidSetErrantTest {

    static String mariaErrant(String replica, String source, long own) {
        return GtidSet.parse(ServerFlavor.MARIADB, replica).errantAgainst(GtidSet.parse(ServerFlavor.MARIADB, source), own).toString();
    }

    @Test
    void mariadb_localWriteAheadOrShadowed_twoHistories_andOtherDomains() {
        assertThat(mariaErrant("0-1-5", "0-1-9", 2)).as("behind, same history").isEmpty();
        assertThat(mariaErrant("0-2-10", "0-1-9", 2)).as("own write ahead of the source").isEqualTo("0-2-10");
        assertThat(mariaErrant("0-2-7", "0-1-9", 2)).as("own write shadowed by later source writes").isEqualTo("0-2-7");
        assertThat(mariaErrant("0-1-9,5-2-1", "0-1-9", 2)).as("a domain the source lacks").isEqualTo("5-2-1");
        assertThat(mariaErrant("0-3-9", "0-1-9", 2)).as("same sequence number, another server: two histories").isEqualTo("0-3-9");
        assertThat(mariaErrant("0-3-7", "0-1-9", 0)).as("server id unknown: a third server's older head is not judged").isEmpty();
        assertThat(mariaErrant("", "0-1-9", 2)).isEmpty();
    }

    @Test
    void mysql_isTheSetDifference() {
        GtidSet replica = GtidSet.parse(ServerFlavor.MYSQL, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,4e11fa47-71ca-11e1-9e33-c80aa9429562:1");
        GtidSet source = GtidSet.parse(ServerFlavor.MYSQL, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9");
        assertThat(replica.errantAgainst(source, 2).toString()).isEqualTo("4e11fa47-71ca-11e1-9e33-c80aa9429562:1");
        assertThat(source.errantAgainst(source, 2).isEmpty()).isTrue();
    }
}
