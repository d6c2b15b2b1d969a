package io.cqrs.routing;

/** What an endpoint is in the replication topology. */
public enum EndpointRole {
    /** The server that takes writes. */
    SOURCE,
    /** A server that replicates from the source and serves reads. */
    REPLICA
}
