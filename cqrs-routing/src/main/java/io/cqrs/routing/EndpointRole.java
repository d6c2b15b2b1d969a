package io.cqrs.routing;

/** What an endpoint is in the replication topology. */
public enum EndpointRole {
    SOURCE,
    REPLICA
}
