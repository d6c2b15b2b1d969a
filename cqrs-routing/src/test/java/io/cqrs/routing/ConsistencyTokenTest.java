package io.cqrs.routing;

import org.junit.jupiter.api.Test;

import static io.cqrs.common.ServerFlavor.MARIADB;
import static io.cqrs.common.ServerFlavor.MYSQL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsistencyTokenTest {

    static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @Test
    void serializeThenParse_roundTripsBothFlavours() {
        ConsistencyToken my = ConsistencyToken.of(MYSQL, A + ":1-42");
        ConsistencyToken maria = ConsistencyToken.of(MARIADB, "0-1-42,1-2-7");
        assertThat(ConsistencyToken.parse(my.serialize())).isEqualTo(my);
        assertThat(ConsistencyToken.parse(maria.serialize())).isEqualTo(maria);
        assertThat(my.serialize()).startsWith("v1.m.").matches("[A-Za-z0-9._-]+");
        assertThat(maria.serialize()).startsWith("v1.a.");
    }

    @Test
    void serializedToken_isShortAndHeaderSafe() {
        String s = ConsistencyToken.of(MYSQL, A + ":1-1000000").serialize();
        assertThat(s).hasSizeLessThan(80).doesNotContain("=", "+", "/", " ");
    }

    @Test
    void emptyToken_roundTripsAndIsContainedEverywhere() {
        ConsistencyToken empty = ConsistencyToken.empty(MARIADB);
        assertThat(ConsistencyToken.parse(empty.serialize())).isEqualTo(empty);
        assertThat(empty.isContainedIn("")).isTrue();
    }

    @Test
    void merge_isUnionForMySqlAndPerDomainMaxForMariaDb() {
        assertThat(ConsistencyToken.of(MYSQL, A + ":1-5").merge(ConsistencyToken.of(MYSQL, A + ":6-9")).gtids())
                .isEqualTo(A + ":1-9");
        assertThat(ConsistencyToken.of(MARIADB, "0-1-5").merge(ConsistencyToken.of(MARIADB, "0-2-9,1-1-1")).gtids())
                .isEqualTo("0-2-9,1-1-1");
    }

    @Test
    void mergeAcrossFlavours_isRejected() {
        assertThatThrownBy(() -> ConsistencyToken.of(MYSQL, A + ":1").merge(ConsistencyToken.of(MARIADB, "0-1-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot merge a MySQL token with a MariaDB token: one router serves one server family");
    }

    @Test
    void isContainedIn_comparesWithAnExecutedSet() {
        ConsistencyToken t = ConsistencyToken.of(MYSQL, A + ":7");
        assertThat(t.isContainedIn(A + ":1-10")).isTrue();
        assertThat(t.isContainedIn(A + ":1-6")).isFalse();
    }

    @Test
    void garbage_isRejectedEchoingAtMost40CharsAndTheFormat() {
        String longGarbage = "x".repeat(100);
        assertThatThrownBy(() -> ConsistencyToken.parse(longGarbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a consistency token: '" + "x".repeat(40) + "...'; expected "
                        + "v1.<m|a>.<base64url GTID set>, e.g. from ConsistencyToken.serialize()");
        assertThatThrownBy(() -> ConsistencyToken.parse("v1.q.AAAA")).hasMessageContaining("unknown flavour code 'q'");
        assertThatThrownBy(() -> ConsistencyToken.parse("v1.m.!!!")).hasMessageContaining("payload is not base64url");
        assertThatThrownBy(() -> ConsistencyToken.parse("v1.m.bm9wZQ")).hasMessageContaining("payload is not a MySQL GTID set");
        assertThatThrownBy(() -> ConsistencyToken.parse("  ")).hasMessageStartingWith("Consistency token is empty");
    }
}
