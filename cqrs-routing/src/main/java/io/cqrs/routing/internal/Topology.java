package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointHealth;
import io.cqrs.routing.EndpointRole;
import io.cqrs.routing.EndpointState;
import io.cqrs.routing.EndpointStatus;
import io.cqrs.routing.TopologySnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The router's immutable view of its endpoints: the public snapshot plus the run-time objects
 * behind it, with the eligible replicas precomputed so a read decision is a volatile read and an
 * array index. Published whole through an AtomicReference; never changed in place.
 */
record Topology(TopologySnapshot snapshot, EndpointRuntime source, List<EndpointRuntime> replicas,
                List<EndpointState> eligibleStates, EndpointRuntime[] eligibleRuntimes) {

    static Topology of(long version, EndpointState sourceState, EndpointRuntime source,
                       List<EndpointState> replicaStates, List<EndpointRuntime> replicas) {
        List<EndpointState> eligible = new ArrayList<>();
        List<EndpointRuntime> eligibleRt = new ArrayList<>();
        for (int i = 0; i < replicaStates.size(); i++) {
            if (replicaStates.get(i).eligible()) {
                eligible.add(replicaStates.get(i));
                eligibleRt.add(replicas.get(i));
            }
        }
        return new Topology(new TopologySnapshot(version, sourceState, replicaStates), source, List.copyOf(replicas),
                List.copyOf(eligible), eligibleRt.toArray(new EndpointRuntime[0]));
    }

    static EndpointState initialState(EndpointRuntime rt) {
        return new EndpointState(rt.config(), rt.role(), EndpointStatus.ACTIVE, EndpointHealth.HEALTHY, rt);
    }

    int indexOf(String name) {
        for (int i = 0; i < replicas.size(); i++) {
            if (replicas.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    EndpointRuntime runtime(String name) {
        if (source.name().equals(name)) {
            return source;
        }
        int i = indexOf(name);
        return i < 0 ? null : replicas.get(i);
    }

    boolean isReplica(EndpointRuntime rt) {
        return rt.role() == EndpointRole.REPLICA;
    }
}
