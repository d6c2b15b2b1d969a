package io.cqrs.sample.demo;

import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.RoutingDecision;
import io.cqrs.routing.RoutingReason;
import org.junit.jupiter.api.Test;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoReportTest {

    @Test
    void textTable_alignsNumbersRightAndTextLeft() {
        String t = new TextTable(List.of("name", "n")).row(List.of("a", 5)).row(List.of("longer", 120)).render();

        assertThat(t).isEqualTo("""
                name      n
                ------  ---
                a         5
                longer  120
                """);
    }

    @Test
    void textTable_rejectsRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> new TextTable(List.of("a", "b")).row(List.of(1)))
                .hasMessage("row has 1 cells, the header 2");
    }

    @Test
    void ledger_countsWritesReadsFallbacksAndTokenReads_perEndpoint() {
        RoutingLedger ledger = new RoutingLedger();
        ledger.onRoute(new RoutingDecision("source", EndpointRole.SOURCE, RoutingReason.READ_WRITE, false));
        ledger.onRoute(new RoutingDecision("source", EndpointRole.SOURCE, RoutingReason.READ_WRITE, false));
        ledger.onRoute(new RoutingDecision("replica-1", EndpointRole.REPLICA, RoutingReason.READ_ONLY, true));
        ledger.onRoute(new RoutingDecision("replica-1", EndpointRole.REPLICA, RoutingReason.READ_ONLY, true));
        ledger.onRoute(new RoutingDecision("replica-1", EndpointRole.REPLICA, RoutingReason.READ_ONLY, true));
        ledger.onRoute(new RoutingDecision("source", EndpointRole.SOURCE, RoutingReason.FALLBACK, true));
        ledger.onBorrowFailure("replica-1", EndpointRole.REPLICA, new SQLTransientConnectionException("timeout", "08001"));
        ledger.onRoute(new RoutingDecision("replica-1", EndpointRole.REPLICA, RoutingReason.TOKEN_PINNED, true));
        ledger.onRoute(new RoutingDecision("replica-1", EndpointRole.REPLICA, RoutingReason.TOKEN_WAITED, true));
        ledger.onRoute(new RoutingDecision("source", EndpointRole.SOURCE, RoutingReason.TOKEN_FALLBACK, true));

        Map<String, Long> ids = new LinkedHashMap<>();
        ids.put("source", 1L);
        ids.put("replica-1", 2L);
        String table = DemoReport.render(ledger, ids, Map.of(1L, 3L, 2L, 3L));

        assertThat(table.lines().toList()).containsExactly(
                "endpoint   role     server_id  writes  reads  fallback reads  token reads  token checks  token fallbacks  answers (served_by)",
                "---------  -------  ---------  ------  -----  --------------  -----------  ------------  ---------------  -------------------",
                "source     source           1       2      2               2            1             0                1                    3",
                "replica-1  replica          2       0      5               0            2             1                0                    3");
        assertThat(ledger.counts("replica-1").borrowFailures()).isEqualTo(1);
    }

    @Test
    void answersFromAnUnknownServer_getTheirOwnRow() {
        String table = DemoReport.render(new RoutingLedger(), Map.of("source", 1L), Map.of(9L, 2L));

        assertThat(table).contains("(unknown)").containsPattern("9 .* 2\n");
    }
}
