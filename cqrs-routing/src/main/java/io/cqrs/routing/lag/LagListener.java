package io.cqrs.routing.lag;

import java.sql.SQLException;

/**
 * Told about lag samples, probe failures and eligibility changes, on the monitor's thread.
 * Keep it quick; exceptions are logged and swallowed.
 */
public interface LagListener {

    LagListener NONE = new LagListener() {
    };

    default void onSample(ReplicaLag state, LagSample sample) {
    }

    default void onProbeFailure(ReplicaLag state, SQLException error) {
    }

    default void onEligibilityChange(ReplicaLag state) {
    }
}
