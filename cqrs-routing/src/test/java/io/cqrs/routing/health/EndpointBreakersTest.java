package io.cqrs.routing.health;

import io.cqrs.routing.BreakerConfig;
import io.cqrs.routing.testing.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointBreakersTest {

    static final SQLException DOWN = new SQLException("Communications link failure", "08S01");
    static final SQLException DUPLICATE = new SQLIntegrityConstraintViolationException("Duplicate entry '1'", "23000", 1062);

    final MutableClock clock = new MutableClock();
    final List<String> transitions = new CopyOnWriteArrayList<>();
    final EndpointBreakers breakers = EndpointBreakers.builder()
            .config(BreakerConfig.custom().failureRateThreshold(50).minimumNumberOfCalls(4).slidingWindow(COUNT_BASED, 10)
                    .waitDurationInOpenState(Duration.ofSeconds(5)).permittedNumberOfCallsInHalfOpenState(2).build())
            .clock(clock)
            .listener((ep, from, to) -> transitions.add(ep + ":" + from + "->" + to))
            .build();

    private void fail(String ep, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breakers.tryAcquirePermission(ep)).isTrue();
            breakers.onFailure(ep, 1_000_000, DOWN);
        }
    }

    @Test
    void connectionFailuresOverThreshold_openTheBreakerAndExcludeTheEndpoint() {
        fail("replica-1", 4);
        assertThat(breakers.state("replica-1")).isEqualTo(State.OPEN);
        assertThat(breakers.tryAcquirePermission("replica-1")).isFalse();
        assertThat(breakers.state("replica-2")).isEqualTo(State.CLOSED);
        assertThat(transitions).containsExactly("replica-1:CLOSED->OPEN");
    }

    @Test
    void handle_isOnePerName_andSharesStateWithTheByNameCalls() {
        EndpointBreakers.Handle h = breakers.handle("replica-1");
        assertThat(breakers.handle("replica-1")).isSameAs(h);
        assertThat(breakers.handle("replica-2")).isNotSameAs(h);
        for (int i = 0; i < 4; i++) {
            assertThat(h.tryAcquirePermission()).isTrue();
            assertThat(h.onFailure(1, DOWN)).isTrue();
        }
        assertThat(breakers.state("replica-1")).isEqualTo(State.OPEN);
        assertThat(h.tryAcquirePermission()).isFalse();
        assertThat(h.onFailure(1, DUPLICATE)).isFalse();
    }

    @Test
    void businessErrors_neverOpenTheBreaker() {
        for (int i = 0; i < 20; i++) {
            assertThat(breakers.tryAcquirePermission("source")).isTrue();
            assertThat(breakers.onFailure("source", 1_000, DUPLICATE)).isFalse();
        }
        assertThat(breakers.state("source")).isEqualTo(State.CLOSED);
        assertThat(breakers.breaker("source").getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(10);
    }

    @Test
    void afterTheWaitOnTheFakeClock_trialCallsCloseTheBreaker() {
        fail("replica-1", 4);
        clock.advance(Duration.ofMillis(4_999));
        assertThat(breakers.tryAcquirePermission("replica-1")).isFalse();
        clock.advance(Duration.ofMillis(2));
        assertThat(breakers.tryAcquirePermission("replica-1")).isTrue();
        assertThat(breakers.state("replica-1")).isEqualTo(State.HALF_OPEN);
        breakers.onSuccess("replica-1", 1_000);
        assertThat(breakers.tryAcquirePermission("replica-1")).isTrue();
        assertThat(breakers.tryAcquirePermission("replica-1")).as("only 2 trial calls").isFalse();
        breakers.onSuccess("replica-1", 1_000);
        assertThat(breakers.state("replica-1")).isEqualTo(State.CLOSED);
        assertThat(transitions).containsExactly("replica-1:CLOSED->OPEN", "replica-1:OPEN->HALF_OPEN", "replica-1:HALF_OPEN->CLOSED");
    }

    @Test
    void failingTrialCalls_reopenTheBreaker() {
        fail("replica-1", 4);
        clock.advance(Duration.ofSeconds(6));
        fail("replica-1", 2);
        assertThat(breakers.state("replica-1")).isEqualTo(State.OPEN);
        assertThat(transitions).endsWith("replica-1:HALF_OPEN->OPEN");
    }

    @Test
    void businessErrorInHalfOpen_countsAsTheEndpointAnswering() {
        fail("replica-1", 4);
        clock.advance(Duration.ofSeconds(6));
        for (int i = 0; i < 2; i++) {
            assertThat(breakers.tryAcquirePermission("replica-1")).isTrue();
            breakers.onFailure("replica-1", 1_000, DUPLICATE);
        }
        assertThat(breakers.state("replica-1")).isEqualTo(State.CLOSED);
    }

    @Test
    void releasedPermission_freesTheTrialSlot() {
        fail("replica-1", 4);
        clock.advance(Duration.ofSeconds(6));
        assertThat(breakers.tryAcquirePermission("replica-1")).isTrue();
        assertThat(breakers.tryAcquirePermission("replica-1")).isTrue();
        breakers.releasePermission("replica-1");
        assertThat(breakers.tryAcquirePermission("replica-1")).isTrue();
    }

    @Test
    void throwingListener_neverBreaksTheCall() {
        EndpointBreakers b = EndpointBreakers.builder().clock(clock)
                .config(BreakerConfig.custom().minimumNumberOfCalls(1).slidingWindow(COUNT_BASED, 1).build())
                .listener((ep, from, to) -> {
                    throw new IllegalStateException("listener bug");
                }).build();
        assertThat(b.tryAcquirePermission("x")).isTrue();
        b.onFailure("x", 1, DOWN);
        assertThat(b.state("x")).isEqualTo(State.OPEN);
        assertThat(b.states()).containsEntry("x", State.OPEN);
    }

    @Test
    void invalidConfig_namesThePropertyAndEchoesTheValue() {
        assertThatThrownBy(() -> BreakerConfig.custom().failureRateThreshold(150).build())
                .hasMessage("cqrs.breaker.failure-rate-threshold = 150.0 is out of range; use a percentage in (0, 100] (default 50)");
        assertThatThrownBy(() -> BreakerConfig.custom().minimumNumberOfCalls(30).slidingWindow(COUNT_BASED, 20).build())
                .hasMessage("cqrs.breaker.minimum-number-of-calls = 30 is out of range; use at most"
                        + " cqrs.breaker.sliding-window-size (20) with a count-based window");
        assertThatThrownBy(() -> BreakerConfig.custom().waitDurationInOpenState(Duration.ZERO).build())
                .hasMessage("cqrs.breaker.wait-in-open-ms = 0 is invalid; use at least 1 (default 5000)");
        assertThatThrownBy(() -> BreakerConfig.custom().permittedNumberOfCallsInHalfOpenState(0).build())
                .hasMessage("cqrs.breaker.half-open-calls = 0 is invalid; use at least 1 (default 3)");
    }

    private void succeed(String ep, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breakers.tryAcquirePermission(ep)).isTrue();
            breakers.onSuccess(ep, 1_000);
        }
    }

    @Test
    void healthySuccessesRecordedLate_countAsIfRecordedAtOnce() {
        succeed("replica-1", 12);            // window of 10: deferred while the window is clean
        fail("replica-1", 4);                // window: 6 successes + 4 failures = 40% < 50%
        assertThat(breakers.state("replica-1")).isEqualTo(State.CLOSED);
        succeed("replica-1", 2);             // recorded at once now (the window holds failures): 6 S + 4 F
        assertThat(breakers.breaker("replica-1").getMetrics().getNumberOfBufferedCalls()).isEqualTo(10);
        fail("replica-1", 1);                // 5 of the last 10 failed = 50%
        assertThat(breakers.state("replica-1")).isEqualTo(State.OPEN);
        assertThat(transitions).containsExactly("replica-1:CLOSED->OPEN");
    }

    @Test
    void breakerAccessor_flushesDeferredSuccessesIntoTheMetrics() {
        succeed("source", 7);
        assertThat(breakers.breaker("source").getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(7);
        succeed("source", 30);
        assertThat(breakers.breaker("source").getMetrics().getNumberOfBufferedCalls()).isEqualTo(10);
    }

    @Test
    void withoutSuccesses_fourFailuresOpen() {
        fail("replica-1", 4);               // control for the test above: failures alone open at the minimum
        assertThat(breakers.state("replica-1")).isEqualTo(State.OPEN);
    }
}
