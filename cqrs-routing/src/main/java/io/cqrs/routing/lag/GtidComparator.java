package io.cqrs.routing.lag;

import io.cqrs.common.ServerFlavor;
import io.cqrs.routing.consistency.GtidTexts;

/**
 * GTID set comparison for {@link GtidLagProbe}, on the strings the servers return. The
 * default works on text ({@link GtidTexts}); the core may plug in {@code io.cqrs.common.GtidSet}.
 */
public interface GtidComparator {

    /** Whether {@code replicaSet} contains every transaction of {@code sourceSet}. */
    boolean contains(String replicaSet, String sourceSet);

    /** Transactions of {@code sourceSet} missing from {@code replicaSet}; 0 when caught up. */
    long missing(String sourceSet, String replicaSet);

    /** Compares the GTID text the servers return, as text. */
    static GtidComparator textual(ServerFlavor flavor) {
        return new GtidComparator() {
            @Override
            public boolean contains(String replicaSet, String sourceSet) {
                return GtidTexts.contains(flavor, replicaSet, sourceSet);
            }

            @Override
            public long missing(String sourceSet, String replicaSet) {
                return GtidTexts.missing(flavor, sourceSet, replicaSet);
            }
        };
    }
}
