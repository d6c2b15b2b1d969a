package io.cqrs.routing.internal;

import io.cqrs.routing.CommitContext;
import io.cqrs.routing.CommitHook;
import io.cqrs.routing.EndpointRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;

/**
 * What runs after a transaction committed on the source: GTID capture into the session's token
 * (when the transaction wrote) and the application's {@link CommitHook}. Never throws.
 */
final class CommitObserver {

    private static final Logger LOG = LoggerFactory.getLogger(CommitObserver.class);

    private final Tokens tokens;
    private final CommitHook hook;
    private final boolean active;

    CommitObserver(Tokens tokens, CommitHook hook) {
        this.tokens = tokens;
        this.hook = hook;
        this.active = hook != null || tokens.captureEnabled();
    }

    /** Whether anything runs after commits at all (so the statement path can skip the call). */
    boolean active() {
        return active;
    }

    /** After a commit (or an auto-committed statement) on {@code rt}; only the source's count. */
    void afterCommit(EndpointRuntime rt, Connection physical, boolean autoCommit, boolean wrote) {
        if (rt.role() != EndpointRole.SOURCE) {
            return;
        }
        if (wrote && tokens.captureEnabled()) {
            tokens.capture(rt, physical);
        }
        if (hook == null) {
            return;
        }
        try {
            hook.afterCommit(new CommitContext(rt.name(), physical, autoCommit));
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError vme) {
                throw vme;
            }
            LOG.warn("commit hook {} failed after a committed transaction on '{}' (ignored): {}",
                    hook.getClass().getName(), rt.name(), t.toString());
        }
    }
}
