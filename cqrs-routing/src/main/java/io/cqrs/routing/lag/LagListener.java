package io.cqrs.routing.lag;

import java.sql.SQLException;

/**
 * Told about lag samples, probe failures and eligibility changes, on the monitor's thread.
 * Keep it quick; exceptions are logged and swallowed.
 */
public interface LagListener {

    /** Ignores everything. */
    LagListener NONE = new LagListener() {
    };

    /** A probe measured {@code sample}; {@code state} is the replica's new state. */
    default void onSample(ReplicaLag state, LagSample sample) {
    }

    /** A probe failed with {@code error}. */
    default void onProbeFailure(ReplicaLag state, SQLException error) {
    }

    /** The replica became eligible or ineligible for lag-bounded reads. */
    default void onEligibilityChange(ReplicaLag state) {
    }
}
