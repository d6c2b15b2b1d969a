package io.cqrs.routing.lag;

import io.cqrs.routing.LagConfig;
import io.cqrs.routing.testing.FakeJdbc;
import io.cqrs.routing.testing.FakeJdbc.Result;
import io.cqrs.routing.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LagMonitorTest {

    final MutableClock clock = new MutableClock();
    final AtomicReference<Object> next = new AtomicReference<>(LagSample.of(Duration.ZERO));
    final FakeJdbc replica = new FakeJdbc((sql, p) -> Result.NONE);
    final AtomicInteger opened = new AtomicInteger();
    final List<String> events = new CopyOnWriteArrayList<>();

    final LagProbe scripted = c -> {
        Object n = next.get();
        if (n instanceof SQLException e) {
            throw e;
        }
        return (LagSample) n;
    };

    final LagMonitor monitor = LagMonitor.builder()
            .replica("r1", () -> {
                opened.incrementAndGet();
                return replica.connection();
            }, scripted)
            .config(LagConfig.custom().maxLag(Duration.ofSeconds(2)).hysteresis(0.5).failureThreshold(3).build())
            .clock(clock)
            .listener(new LagListener() {
                @Override
                public void onEligibilityChange(ReplicaLag state) {
                    events.add(state.endpoint() + (state.eligible() ? " eligible" : " ineligible"));
                }
            })
            .build();

    private ReplicaLag sample(Duration lag) {
        next.set(LagSample.of(lag));
        return monitor.probeNow("r1");
    }

    @Test
    void beforeTheFirstSample_replicaIsIneligibleWithUnknownLag() {
        assertThat(monitor.snapshot().get("r1")).isEqualTo(ReplicaLag.unknown("r1"));
        assertThat(monitor.isEligible("r1")).isFalse();
        assertThat(monitor.isWithin("r1", Duration.ofDays(1))).isFalse();
    }

    @Test
    void lagAboveMaxLag_makesReplicaIneligible() {
        assertThat(sample(Duration.ofMillis(1_900)).eligible()).isTrue();
        assertThat(sample(Duration.ofMillis(2_001)).eligible()).isFalse();
        assertThat(events).containsExactly("r1 eligible", "r1 ineligible");
    }

    @Test
    void hysteresis_replicaReturnsOnlyAtHalfTheMaxLag() {
        sample(Duration.ofSeconds(3));
        assertThat(monitor.isEligible("r1")).isFalse();
        assertThat(sample(Duration.ofMillis(1_900)).eligible()).as("hovering under maxLag").isFalse();
        assertThat(sample(Duration.ofMillis(1_001)).eligible()).isFalse();
        assertThat(sample(Duration.ofMillis(1_000)).eligible()).isTrue();
        assertThat(sample(Duration.ofMillis(1_999)).eligible()).as("stays until above maxLag").isTrue();
        assertThat(monitor.resumeLag()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void zeroHysteresis_usesMaxLagBothWays() {
        LagMonitor m = LagMonitor.builder().replica("r", replica::connection, scripted)
                .config(LagConfig.custom().maxLag(Duration.ofSeconds(2)).hysteresis(0).build()).clock(clock).build();
        next.set(LagSample.of(Duration.ofSeconds(3)));
        assertThat(m.probeNow("r").eligible()).isFalse();
        next.set(LagSample.of(Duration.ofSeconds(2)));
        assertThat(m.probeNow("r").eligible()).isTrue();
    }

    @Test
    void perCallBudget_readsTheSameSnapshotWithoutHysteresis() {
        sample(Duration.ofSeconds(3));
        sample(Duration.ofMillis(1_500));
        assertThat(monitor.isEligible("r1")).isFalse();
        assertThat(monitor.isWithin("r1", Duration.ofMillis(1_500))).isTrue();
        assertThat(monitor.isWithin("r1", Duration.ofMillis(1_499))).isFalse();
        assertThat(monitor.isWithin("unknown", Duration.ofDays(1))).isFalse();
    }

    @Test
    void stoppedReplication_isIneligibleAndOutsideEveryBudget() {
        sample(Duration.ZERO);
        next.set(LagSample.stopped());
        ReplicaLag r = monitor.probeNow("r1");
        assertThat(r.eligible()).isFalse();
        assertThat(r.replicationStopped()).isTrue();
        assertThat(monitor.isWithin("r1", Duration.ofDays(365))).isFalse();
    }

    @Test
    void unknownButBehind_isIneligible() {
        sample(Duration.ZERO);
        next.set(LagSample.behind(42));
        ReplicaLag r = monitor.probeNow("r1");
        assertThat(r.eligible()).isFalse();
        assertThat(r.transactionsBehind()).isEqualTo(42);
    }

    @Test
    void probeFailures_keepLastLagUntilTheThresholdThenLagBecomesUnknown() {
        sample(Duration.ofMillis(100));
        Duration sampledAtLag = monitor.snapshot().get("r1").lag();
        next.set(new SQLException("Communications link failure", "08S01"));
        ReplicaLag once = monitor.probeNow("r1");
        assertThat(once.eligible()).isTrue();
        assertThat(once.lag()).isEqualTo(sampledAtLag);
        assertThat(once.consecutiveFailures()).isEqualTo(1);
        assertThat(once.lastError()).isEqualTo(scripted.name() + " probe: Communications link failure");
        monitor.probeNow("r1");
        ReplicaLag third = monitor.probeNow("r1");
        assertThat(third.eligible()).isFalse();
        assertThat(third.isLagKnown()).isFalse();
        assertThat(events).containsExactly("r1 eligible", "r1 ineligible");

        ReplicaLag back = sample(Duration.ZERO);
        assertThat(back.consecutiveFailures()).isZero();
        assertThat(back.eligible()).isTrue();
        assertThat(back.lastError()).isNull();
    }

    @Test
    void failedProbe_reopensTheConnectionNextTime() {
        sample(Duration.ZERO);
        sample(Duration.ZERO);
        assertThat(opened).hasValue(1);
        next.set(new SQLException("gone", "08S01"));
        monitor.probeNow("r1");
        assertThat(replica.isClosed()).isTrue();
        sample(Duration.ZERO);
        assertThat(opened).hasValue(2);
    }

    /** A connection of its own (FakeJdbc's share one closed flag), closed when {@code close()} is called. */
    private static java.sql.Connection ownConnection() {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        return (java.sql.Connection) java.lang.reflect.Proxy.newProxyInstance(LagMonitorTest.class.getClassLoader(),
                new Class<?>[] {java.sql.Connection.class}, (p, m, a) -> switch (m.getName()) {
                    case "close" -> {
                        closed.set(true);
                        yield null;
                    }
                    case "isClosed" -> closed.get();
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> null;
                });
    }

    @Test
    void unreachableReplica_isUnresponsiveAtOnce_andBackUnderMaxLagAtTheNextAnswer() {
        AtomicReference<SQLException> refuse = new AtomicReference<>();
        LagProbe dying = c -> {
            if (refuse.get() != null) { // the server went away under the open connection
                c.close();
                throw new SQLException("Communications link failure", "08S01");
            }
            return scripted.probe(c);
        };
        LagMonitor m = LagMonitor.builder().replica("r", () -> {
                    if (refuse.get() != null) {
                        throw refuse.get();
                    }
                    return ownConnection();
                }, dying)
                .config(LagConfig.custom().maxLag(Duration.ofSeconds(2)).hysteresis(0.5).failureThreshold(3).build())
                .clock(clock).build();
        next.set(LagSample.of(Duration.ofMillis(1_500)));
        assertThat(m.probeNow("r").eligible()).isTrue();
        refuse.set(new SQLException("Connection refused", "08S01"));
        ReplicaLag broke = m.probeNow("r");
        assertThat(broke.unresponsive()).isTrue();
        assertThat(broke.eligible()).as("one failure, below the failure threshold of 3").isFalse();
        ReplicaLag down = m.probeNow("r");
        assertThat(down.unresponsive()).isTrue();
        assertThat(down.consecutiveFailures()).isEqualTo(2);
        assertThat(down.lastError()).isEqualTo("Connection refused");
        refuse.set(null);
        ReplicaLag back = m.probeNow("r");
        assertThat(back.unresponsive()).isFalse();
        assertThat(back.eligible()).as("1.5 s is within max lag; the hysteresis is for lag exclusions only").isTrue();
    }

    @Test
    void probeWhoseConnectionBroke_isUnresponsive_oneThatFailedOtherwiseCountsTowardsTheThreshold() {
        AtomicReference<Boolean> breakIt = new AtomicReference<>(false);
        LagProbe timingOut = c -> {
            if (breakIt.get()) {
                c.close(); // what Connector/J does when the network timeout fires
                throw new SQLException("Communications link failure: Read timed out", "08S01");
            }
            throw new SQLException("Table 'percona.heartbeat' doesn't exist", "42S02", 1146);
        };
        LagMonitor m = LagMonitor.builder().replica("r", LagMonitorTest::ownConnection, timingOut, scripted)
                .config(LagConfig.custom().failureThreshold(3).build()).clock(clock).build();
        next.set(LagSample.of(Duration.ZERO));
        assertThat(m.probeNow("r").eligible()).isTrue();
        next.set(new SQLException("source: Communications link failure", "08S01"));
        ReplicaLag sourceSide = m.probeNow("r");
        assertThat(sourceSide.unresponsive()).as("its own connection still works").isFalse();
        assertThat(sourceSide.eligible()).isTrue();
        breakIt.set(true);
        ReplicaLag silent = m.probeNow("r");
        assertThat(silent.unresponsive()).isTrue();
        assertThat(silent.eligible()).isFalse();
    }

    @Test
    void probeChain_usesTheFirstProbeThatAnswers() {
        LagProbe broken = c -> {
            throw new SQLException("Table 'percona.heartbeat' doesn't exist", "42S02", 1146);
        };
        LagMonitor m = LagMonitor.builder().replica("r", replica::connection, broken, c -> LagSample.of(Duration.ofMillis(7)))
                .clock(clock).build();
        assertThat(m.probeNow("r").lag()).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void sampledAtComesFromTheInjectedClock() {
        clock.advance(Duration.ofMinutes(3));
        assertThat(sample(Duration.ZERO).sampledAt()).isEqualTo(clock.instant());
        assertThat(monitor.snapshot().publishedAt()).isEqualTo(clock.instant());
    }

    @Test
    void throwingListener_doesNotStopMonitoring() {
        LagMonitor m = LagMonitor.builder().replica("r", replica::connection, scripted).clock(clock)
                .listener(new LagListener() {
                    @Override
                    public void onSample(ReplicaLag state, LagSample sample) {
                        throw new IllegalStateException("listener bug");
                    }
                }).build();
        assertThat(m.probeNow().isEligible("r")).isTrue();
    }

    @Test
    void invalidSettings_nameThePropertyAndEchoTheValue() {
        // the monitor takes its settings from LagConfig, which checks them once, with the cqrs.lag.* keys
        assertThatThrownBy(() -> LagConfig.custom().hysteresis(1.0))
                .hasMessage("cqrs.lag.hysteresis = 1.0 is out of range; use a fraction of max-lag in [0, 1), e.g. 0.5"
                        + " (0 turns hysteresis off)");
        assertThatThrownBy(() -> LagConfig.custom().maxLag(Duration.ofSeconds(-1)))
                .hasMessage("cqrs.lag.max-lag-ms = -1000 is invalid; use 0 or more milliseconds (default 5000)");
        assertThatThrownBy(() -> LagConfig.custom().failureThreshold(0))
                .hasMessage("cqrs.lag.failure-threshold = 0 is invalid; use at least 1 (default 3)");
        assertThatThrownBy(() -> LagConfig.custom().probeTimeout(Duration.ofMillis(10)))
                .hasMessage("cqrs.lag.probe-timeout-ms = 10 is too short; use at least 50 (default 500)");
        assertThatThrownBy(() -> monitor.probeNow("nope")).hasMessage("Unknown replica endpoint 'nope'; known: [r1]");
    }

    @Test
    void replicaAddedAtRunTime_isUnknownUntilSampled_thenMonitored_andRemovedOneLeavesTheSnapshot() {
        monitor.addReplica("r2", replica::connection, scripted);
        assertThat(monitor.snapshot().get("r2")).isEqualTo(ReplicaLag.unknown("r2"));

        next.set(LagSample.of(Duration.ofMillis(100)));
        assertThat(monitor.probeNow("r2").eligible()).isTrue();
        assertThat(monitor.probeNow().replicas()).containsOnlyKeys("r1", "r2");
        assertThat(events).contains("r2 eligible");

        monitor.removeReplica("r2");
        assertThat(monitor.snapshot().replicas()).containsOnlyKeys("r1");
        assertThatThrownBy(() -> monitor.probeNow("r2")).hasMessageContaining("Unknown replica endpoint 'r2'");
        assertThatThrownBy(() -> monitor.addReplica("r1", replica::connection, scripted))
                .hasMessageContaining("'r1' is monitored already");
    }
}
