package io.cqrs.routing;

/** Live load counters of one endpoint (not a snapshot: values change as connections come and go). */
public interface EndpointLoad {

    /** Physical connections currently borrowed from this endpoint through the router. */
    int inFlight();
}
