package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointHealth;
import io.cqrs.routing.EndpointHealth.Verdict;
import io.cqrs.routing.EndpointStatus;
import io.cqrs.routing.lag.LagSnapshot;
import io.cqrs.routing.lag.ReplicaLag;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExclusionFilterTest {

    private static final EndpointFacts OK = EndpointFacts.INITIAL;

    private static String[] names(EndpointRuntime[] rts) {
        return Arrays.stream(rts).map(EndpointRuntime::name).toArray(String[]::new);
    }

    private static ReplicaLag lag(String name, long millis) {
        return new ReplicaLag(name, Duration.ofMillis(millis), 0, false, Instant.EPOCH, 0, true, null);
    }

    @Test
    void verdict_namesTheMostDecisiveReason() {
        EndpointFacts everything = OK.withLag(false, "lag 9000ms").withBreaker(CircuitBreaker.State.OPEN, "circuit breaker OPEN")
                .withVeto(EndpointHealth.excluded("maintenance")).withStatus(EndpointStatus.DRAINING);
        assertThat(ExclusionFilter.verdict(everything)).isEqualTo(new EndpointHealth(Verdict.DRAINING, "draining"));
        assertThat(ExclusionFilter.verdict(everything.withStatus(EndpointStatus.ACTIVE)))
                .isEqualTo(new EndpointHealth(Verdict.EXCLUDED, "maintenance"));
        assertThat(ExclusionFilter.verdict(everything.withStatus(EndpointStatus.ACTIVE).withVeto(EndpointHealth.HEALTHY)
                .withResponsive(false, "no answer to the lag probe")))
                .isEqualTo(new EndpointHealth(Verdict.UNRESPONSIVE, "no answer to the lag probe"));
        assertThat(ExclusionFilter.verdict(everything.withStatus(EndpointStatus.ACTIVE).withVeto(EndpointHealth.HEALTHY)))
                .isEqualTo(new EndpointHealth(Verdict.BREAKER_OPEN, "circuit breaker OPEN"));
        assertThat(ExclusionFilter.verdict(OK.withLag(false, "lag 9000ms")))
                .isEqualTo(new EndpointHealth(Verdict.LAG_EXCLUDED, "lag 9000ms"));
        assertThat(ExclusionFilter.verdict(OK)).isEqualTo(EndpointHealth.HEALTHY);
        assertThat(ExclusionFilter.verdict(OK.withBreaker(CircuitBreaker.State.HALF_OPEN, "trial")))
                .isEqualTo(new EndpointHealth(Verdict.ELIGIBLE, "trial"));
    }

    @Test
    void drainedVetoedAndLaggingReplicas_areNoCandidates_theLaggingOneIsTheDegradedReserve() {
        FakeEndpoints f = new FakeEndpoints(4);
        f.facts("replica-1", x -> x.withStatus(EndpointStatus.DRAINING));
        f.facts("replica-2", x -> x.withVeto(EndpointHealth.excluded("maintenance")));
        f.facts("replica-3", x -> x.withLag(false, "lag 9000ms"));
        Candidates c = ExclusionFilter.candidates(f.runtime.topology(), null, null);
        assertThat(names(c.runtimes())).containsExactly("replica-4");
        assertThat(c.states()).extracting(s -> s.name()).containsExactly("replica-4");
        assertThat(names(c.lagExcluded())).containsExactly("replica-3");
        assertThat(c).as("precomputed once per topology").isSameAs(ExclusionFilter.candidates(f.runtime.topology(), null, null));
        assertThat(f.runtime.topology().snapshot().replicas()).extracting(s -> s.verdict())
                .containsExactly(Verdict.DRAINING, Verdict.EXCLUDED, Verdict.LAG_EXCLUDED, Verdict.ELIGIBLE);
    }

    @Test
    void unresponsiveReplica_takesNoReadOfAnyKind_notEvenDegradedOrBoundedStaleness() {
        FakeEndpoints f = new FakeEndpoints(2);
        f.facts("replica-1", x -> x.withLag(false, "lag unknown").withResponsive(false, "no answer"));
        Candidates c = ExclusionFilter.candidates(f.runtime.topology(), null, null);
        assertThat(names(c.runtimes())).containsExactly("replica-2");
        assertThat(names(c.lagExcluded())).as("a degraded read would hang on it").isEmpty();
        LagSnapshot snap = new LagSnapshot(Map.of("replica-1", lag("replica-1", 0), "replica-2", lag("replica-2", 0)), Instant.EPOCH);
        assertThat(names(ExclusionFilter.candidates(f.runtime.topology(), Duration.ofSeconds(10), snap).runtimes()))
                .as("its last measured lag is no proof it answers").containsExactly("replica-2");
    }

    @Test
    void openBreaker_isAskedWhenTheReplicaIsTried_notFilteredFromThePublishedCandidates() {
        FakeEndpoints f = new FakeEndpoints(1);
        f.openBreaker("replica-1");
        assertThat(names(ExclusionFilter.candidates(f.runtime.topology(), null, null).runtimes())).containsExactly("replica-1");
        assertThat(ExclusionFilter.admits(f.replica(1))).isFalse();
        f.clock.advance(Duration.ofSeconds(6)); // past cqrs.breaker.wait-in-open-ms: the breaker lets a trial through
        assertThat(ExclusionFilter.admits(f.replica(1))).isTrue();
    }

    @Test
    void boundedStaleness_usesTheBudgetOnTheLastMeasuredLag_notThePublishedVerdict() {
        FakeEndpoints f = new FakeEndpoints(3);
        f.facts("replica-1", x -> x.withLag(false, "lag 9000ms")); // excluded under max lag, yet within a 10 s budget
        f.facts("replica-3", x -> x.withStatus(EndpointStatus.DRAINING));
        LagSnapshot snap = new LagSnapshot(Map.of("replica-1", lag("replica-1", 9_000), "replica-2", lag("replica-2", 200),
                "replica-3", lag("replica-3", 0)), Instant.EPOCH);
        Candidates wide = ExclusionFilter.candidates(f.runtime.topology(), Duration.ofSeconds(10), snap);
        assertThat(names(wide.runtimes())).containsExactly("replica-1", "replica-2");
        Candidates tight = ExclusionFilter.candidates(f.runtime.topology(), Duration.ofMillis(100), snap);
        assertThat(names(tight.runtimes())).isEmpty();
        assertThat(names(tight.lagExcluded())).containsExactly("replica-1", "replica-2");
    }

    @Test
    void boundedStaleness_unmonitoredReplicasCannotProveABudget() {
        FakeEndpoints f = new FakeEndpoints(1);
        assertThat(ExclusionFilter.candidates(f.runtime.topology(), Duration.ofHours(1), null).size()).isZero();
        assertThat(ExclusionFilter.candidates(f.runtime.topology(), null, null).size()).isEqualTo(1);
    }
}
