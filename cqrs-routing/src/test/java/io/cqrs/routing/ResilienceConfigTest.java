package io.cqrs.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResilienceConfigTest {

    private static Properties props(String... kv) {
        Properties p = new Properties();
        p.setProperty("cqrs.source.url", "jdbc:stub:cfg-source");
        p.setProperty("cqrs.replicas[0].url", "jdbc:stub:cfg-replica");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaults_lagOnBreakerSpillAndSessionTokens() {
        RoutingConfig c = RoutingConfig.fromProperties(props());
        assertThat(c.lag().enabled()).isTrue();
        assertThat(c.lag().probes()).containsExactly(LagConfig.ProbeKind.GTID, LagConfig.ProbeKind.STATUS);
        assertThat(c.lag().heartbeatWriter()).isFalse();
        assertThat(c.lag().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.lag().maxLag()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.breaker().failureRateThreshold()).isEqualTo(50f);
        assertThat(c.fallback().maxConcurrent()).isEqualTo(16);
        assertThat(c.fallback().mode()).isEqualTo(FallbackConfig.Mode.FAIL_FAST);
        assertThat(c.consistency()).isEqualTo(ConsistencyConfig.ofDefaults());
        assertThat(c.consistency().tokenWait()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void everyKey_isRead() {
        RoutingConfig c = RoutingConfig.fromProperties(props(
                "cqrs.lag.enabled", "true", "cqrs.lag.probes", "heartbeat, status", "cqrs.lag.heartbeat-table", "ops.hb",
                "cqrs.lag.heartbeat-writer", "true", "cqrs.lag.interval-ms", "250", "cqrs.lag.max-lag-ms", "2000",
                "cqrs.lag.hysteresis", "0.25", "cqrs.lag.failure-threshold", "4",
                "cqrs.breaker.failure-rate-threshold", "30", "cqrs.breaker.minimum-number-of-calls", "3",
                "cqrs.breaker.sliding-window-type", "time-based", "cqrs.breaker.sliding-window-size", "10",
                "cqrs.breaker.wait-in-open-ms", "1500", "cqrs.breaker.half-open-calls", "2",
                "cqrs.fallback.max-concurrent", "4", "cqrs.fallback.mode", "wait", "cqrs.fallback.max-wait-ms", "100",
                "cqrs.consistency.capture", "false", "cqrs.consistency.session-tokens", "false",
                "cqrs.consistency.token-wait-ms", "50"));
        assertThat(c.lag()).isEqualTo(LagConfig.custom().probes(List.of(LagConfig.ProbeKind.HEARTBEAT, LagConfig.ProbeKind.STATUS))
                .heartbeatTable("ops.hb").heartbeatWriter(true).interval(Duration.ofMillis(250)).maxLag(Duration.ofSeconds(2))
                .hysteresis(0.25).failureThreshold(4).build());
        assertThat(c.breaker().slidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.TIME_BASED);
        assertThat(c.breaker().waitDurationInOpenState()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.breaker().permittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
        assertThat(c.fallback().mode()).isEqualTo(FallbackConfig.Mode.WAIT);
        assertThat(c.fallback().maxWait()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.consistency()).isEqualTo(ConsistencyConfig.custom().capture(false).sessionTokens(false)
                .tokenWait(Duration.ofMillis(50)).build());
    }

    @Test
    void badValues_nameThePropertyEchoTheValueAndSayTheFix() {
        assertThatThrownBy(() -> RoutingConfig.fromProperties(props("cqrs.lag.probes", "heartbeat,pt")))
                .hasMessage("cqrs.lag.probes = 'pt' is not a lag probe; use a comma-separated list of heartbeat, gtid, status"
                        + " (e.g. heartbeat,gtid,status)");
        assertThatThrownBy(() -> RoutingConfig.fromProperties(props("cqrs.lag.hysteresis", "1.5")))
                .hasMessage("cqrs.lag.hysteresis = 1.5 is out of range; use a fraction of max-lag in [0, 1), e.g. 0.5"
                        + " (0 turns hysteresis off)");
        assertThatThrownBy(() -> RoutingConfig.fromProperties(props("cqrs.lag.interval-ms", "5")))
                .hasMessage("cqrs.lag.interval-ms = 5 is too short; use at least 10 (default 500)");
        assertThatThrownBy(() -> RoutingConfig.fromProperties(props("cqrs.lag.heartbeat-writer", "true", "cqrs.lag.probes", "gtid")))
                .hasMessageStartingWith("cqrs.lag.heartbeat-writer = true but cqrs.lag.probes = gtid does not read the heartbeat;");
        assertThatThrownBy(() -> RoutingConfig.fromProperties(props("cqrs.breaker.failure-rate-threshold", "0")))
                .hasMessage("cqrs.breaker.failure-rate-threshold = 0.0 is out of range; use a percentage in (0, 100] (default 50)");
        assertThatThrownBy(() -> RoutingConfig.fromProperties(props("cqrs.breaker.sliding-window-type", "sliding")))
                .hasMessage("cqrs.breaker.sliding-window-type = 'sliding' is not a window type; use count-based or time-based");
        assertThatThrownBy(() -> RoutingConfig.fromProperties(props("cqrs.fallback.max-concurrent", "0")))
                .hasMessageStartingWith("cqrs.fallback.max-concurrent = 0 is invalid; use at least 1 (default 16;");
        assertThatThrownBy(() -> RoutingConfig.fromProperties(props("cqrs.fallback.mode", "block")))
                .hasMessage("cqrs.fallback.mode = 'block' is not a fallback mode; use fail-fast or wait");
        assertThatThrownBy(() -> RoutingConfig.fromProperties(props("cqrs.consistency.token-wait-ms", "-1")))
                .hasMessageStartingWith("cqrs.consistency.token-wait-ms = -1 is out of range; use 0..30000");
        assertThatThrownBy(() -> RoutingConfig.fromProperties(props("cqrs.consistency.tokens", "on")))
                .hasMessageStartingWith("unknown property 'cqrs.consistency.tokens'; expected one of cqrs.consistency.[capture,");
    }
}
