package io.cqrs.bench.chaos;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Acknowledged writes by id, with the time each was acknowledged: the reference for data lag
 * ("the oldest acknowledged write a server does not show yet") and for the lost-write check.
 */
final class AckedWrites {

    private final ConcurrentSkipListMap<Long, Double> ackedAt = new ConcurrentSkipListMap<>();

    void add(long id, double atMs) {
        ackedAt.put(id, atMs);
    }

    int size() {
        return ackedAt.size();
    }

    Iterable<Long> ids() {
        return ackedAt.keySet();
    }

    /**
     * How long, at {@code atMs}, the oldest write acknowledged before {@code atMs} with an id above
     * {@code maxIdSeen} had been acknowledged; 0 when the server showed every such write. Ids are
     * AUTO_INCREMENT values of one table, so a server that shows id N has applied every transaction
     * committed before N's (one applier thread, commit order); a concurrent write with a lower id
     * that committed later is not counted — the figure is a lower bound within a few milliseconds.
     */
    long stalenessMs(long maxIdSeen, double atMs) {
        double oldest = Double.MAX_VALUE;
        for (Map.Entry<Long, Double> e : ackedAt.tailMap(maxIdSeen, false).entrySet()) {
            if (e.getValue() < atMs && e.getValue() < oldest) {
                oldest = e.getValue();
            }
        }
        return oldest == Double.MAX_VALUE ? 0 : Math.round(atMs - oldest);
    }
}
