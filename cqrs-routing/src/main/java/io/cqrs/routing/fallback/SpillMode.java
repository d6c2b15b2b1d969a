package io.cqrs.routing.fallback;

/** What a fallback read does when all spill permits are taken. */
public enum SpillMode {
    /** Reject at once with {@link SpillRejectedException}. */
    FAIL_FAST,
    /** Wait up to {@link SpillConfig#maxWait()} for a permit, then reject. */
    WAIT
}
