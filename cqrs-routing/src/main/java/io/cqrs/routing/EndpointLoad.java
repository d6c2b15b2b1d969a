package io.cqrs.routing;

/** Live load counters of one endpoint (not a snapshot: values change as connections come and go). */
public interface EndpointLoad {

    /** Physical connections currently borrowed from this endpoint through the router. */
    int inFlight();

    /** The last measured replication lag in nanoseconds; -1 when unknown or not monitored. */
    default long lagNanos() {
        return -1;
    }
}
