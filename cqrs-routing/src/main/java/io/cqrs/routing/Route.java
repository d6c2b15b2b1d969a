package io.cqrs.routing;

/**
 * Where a logical connection sends its work.
 *
 * <ul>
 *   <li>{@link #AUTO}: decided by the JDBC read-only flag at borrow time (read-only → a replica,
 *       otherwise the source). The default.</li>
 *   <li>{@link #SOURCE}: always the source, whatever the read-only flag says.</li>
 *   <li>{@link #REPLICA}: a replica even without the read-only flag (for callers that know their
 *       work is reads but do not set the flag). Falls back to the source like any replica read.</li>
 * </ul>
 */
public enum Route {
    /** By the read-only flag. */
    AUTO,
    /** Always the source. */
    SOURCE,
    /** A replica, whatever the read-only flag says. */
    REPLICA
}
