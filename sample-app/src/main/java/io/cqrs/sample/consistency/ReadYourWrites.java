package io.cqrs.sample.consistency;

import io.cqrs.routing.ConsistencyToken;
import org.jdbi.v3.core.HandleCallback;

/**
 * Where the sample app meets read-your-writes: a write hands back the token of what it committed,
 * a read can ask to see at least a token (from this process or, through gRPC metadata, from
 * another one).
 *
 * <p>{@link RouterReadYourWrites} implements it with the router's own token capture and
 * read-your-writes scopes; the services depend only on this interface.
 */
public interface ReadYourWrites {

    /**
     * Runs {@code work} in a read-write transaction on the source.
     *
     * @return the result and the token covering the transaction (empty when it wrote nothing)
     */
    <R, X extends Exception> Written<R> write(HandleCallback<R, X> work) throws X;

    /**
     * Runs {@code work} in a read-only transaction that sees at least {@code token}: on a replica
     * that has applied it (after a short wait if needed), else on the source. A null or empty token
     * reads from any replica.
     */
    <R, X extends Exception> R read(ConsistencyToken token, HandleCallback<R, X> work) throws X;

    /** A write's result and its token. */
    record Written<R>(R value, ConsistencyToken token) {
    }
}
