package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointState;

import java.util.List;

/**
 * The replicas a read may try, in configuration order (the selector sees {@code states}, the
 * borrower uses {@code runtimes} at the same index), and those kept out only by lag (reported as
 * {@code LAG_EXCLUDED}, and the last resort of a degraded read). Immutable; the common case is
 * precomputed once per published topology.
 */
record Candidates(EndpointRuntime[] runtimes, List<EndpointState> states, EndpointRuntime[] lagExcluded) {

    static final EndpointRuntime[] NONE = new EndpointRuntime[0];

    int size() {
        return runtimes.length;
    }
}
