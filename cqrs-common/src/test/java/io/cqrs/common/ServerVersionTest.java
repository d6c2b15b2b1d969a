package io.cqrs.common;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerVersionTest {

    @ParameterizedTest(name = "{0} -> {1} {2}.{3}.{4}")
    @CsvSource({
            "8.0.15,                       MYSQL,   8,  0, 15",
            "8.0.22-log,                   MYSQL,   8,  0, 22",
            "8.0.36-0ubuntu0.22.04.1,      MYSQL,   8,  0, 36",
            "8.4.0,                        MYSQL,   8,  4,  0",
            "9.1,                          MYSQL,   9,  1,  0",
            "10.4.32-MariaDB,              MARIADB, 10, 4, 32",
            "10.11.5-MariaDB-log,          MARIADB, 10, 11, 5",
            "5.5.5-10.11.5-MariaDB-log,    MARIADB, 10, 11, 5",
            "10.11.6-MariaDB-0+deb12u1,    MARIADB, 10, 11, 6",
            "11.4.5-MariaDB-ubu2404,       MARIADB, 11, 4,  5",
    })
    void parse_readsFlavourAndNumbersFromVersionFunction(String raw, ServerFlavor flavor, int major, int minor, int patch) {
        ServerVersion v = ServerVersion.parse(raw);

        assertThat(v.flavor()).isEqualTo(flavor);
        assertThat(new int[] {v.major(), v.minor(), v.patch()}).containsExactly(major, minor, patch);
        assertThat(v.raw()).isEqualTo(raw);
    }

    @Test
    void parse_connectorJStyleMariaDbPrefix_isNotMistakenForMySql55() {
        ServerVersion v = ServerVersion.parse("5.5.5-10.11.5-MariaDB-log");

        assertThat(v.isMariaDb()).isTrue();
        assertThat(v.describe()).isEqualTo("MariaDB 10.11.5");
        assertThat(v).hasToString("MariaDB 10.11.5");
    }

    @Test
    void parse_rejectsTextWithoutVersionNumber_quotingIt() {
        assertThatThrownBy(() -> ServerVersion.parse("banana"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'banana'")
                .hasMessageContaining("e.g. 8.0.15 or 10.11.5-MariaDB");
        assertThatThrownBy(() -> ServerVersion.parse(" "))
                .hasMessageContaining("server version is empty");
        assertThatThrownBy(() -> ServerVersion.parse(null))
                .hasMessageContaining("server version is empty");
    }

    @Test
    void atLeast_comparesMajorMinorPatch() {
        ServerVersion v = ServerVersion.parse("8.0.22");

        assertThat(v.atLeast(8, 0, 22)).isTrue();
        assertThat(v.atLeast(8, 0, 21)).isTrue();
        assertThat(v.atLeast(8, 0, 23)).isFalse();
        assertThat(v.atLeast(7, 9, 99)).isTrue();
        assertThat(v.atLeast(8, 1, 0)).isFalse();
    }

    @Test
    void compareTo_ordersByFlavourThenNumbers() {
        ServerVersion a = ServerVersion.parse("8.0.15");
        ServerVersion b = ServerVersion.parse("8.0.23");

        assertThat(a).isLessThan(b);
        assertThat(b).isGreaterThan(a);
        assertThat(ServerVersion.of(ServerFlavor.MYSQL, 8, 0, 15).compareTo(a)).isZero();
        assertThat(ServerVersion.parse("5.5.5-10.4.1-MariaDB")).isGreaterThan(ServerVersion.parse("9.0.0"));
    }
}
