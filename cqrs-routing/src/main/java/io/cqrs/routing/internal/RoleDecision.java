package io.cqrs.routing.internal;

import io.cqrs.routing.EndpointConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: from what every known server said ({@link ServerRole}), the topology the router should
 * follow. The rules:
 * <ul>
 *   <li>the source is the one server that answers, takes writes and replicates from nobody;</li>
 *   <li>none, or more than one: keep the current source (a switchover in progress has none for a
 *       moment; two writable servers need a person) and say why;</li>
 *   <li>the replicas are the servers in the source's replica list ({@code SHOW REPLICAS}), known
 *       by {@code server_id} (new ones were asked too, under their {@code host:port}), and only while they
 *       say they replicate (a stopped replica can stay in the list a while); when the source did not
 *       answer, the replica set stays as it is.</li>
 * </ul>
 */
final class RoleDecision {

    /**
     * @param sourceName the source to follow (always a server that was asked, so a known endpoint)
     * @param replicas   the replicas by name (new ones with their configuration), or null to keep the current set
     * @param note       what was decided and why, for {@link io.cqrs.routing.TopologySnapshot#discovery()}
     */
    record Desired(String sourceName, Map<String, EndpointConfig> replicas, String note) {
    }

    private RoleDecision() {
    }

    /**
     * @param observed      every known server's answer, the current source among them, and the answers
     *                      of servers in a writable server's replica list that are not known yet
     * @param currentSource the name of the source the router follows now
     */
    static Desired decide(List<ServerRole> observed, String currentSource) {
        List<ServerRole> writable = observed.stream().filter(ServerRole::looksLikeSource).toList();
        if (writable.size() != 1) {
            List<String> all = observed.stream().map(ServerRole::describe).toList();
            String why = writable.isEmpty()
                    ? "no server takes writes and replicates from nobody"
                    : writable.size() + " servers take writes and replicate from nobody ("
                    + String.join(", ", writable.stream().map(ServerRole::name).toList())
                    + "): make all but one read-only (SET GLOBAL read_only = ON)";
            return new Desired(currentSource, null, why + "; keeping source '" + currentSource + "' " + all);
        }
        ServerRole src = writable.get(0);
        Map<Long, ServerRole> byId = new LinkedHashMap<>();
        for (ServerRole r : observed) {
            if (r.reachable()) {
                byId.put(r.serverId(), r);
            }
        }
        Map<String, EndpointConfig> replicas = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (ServerRole.ReplicaHost h : src.replicaHosts()) {
            if (h.serverId() == src.serverId()) {
                continue;
            }
            ServerRole known = byId.get(h.serverId());
            if (known == null) {
                names.add(h.address() + " (listed, no answer there)");
            } else if (known.replicating()) { // a replica that stopped may stay in the list for a while (MariaDB)
                replicas.put(known.name(), known.config());
                names.add(known.name());
            }
        }
        return new Desired(src.name(), replicas, "source '" + src.name() + "' (takes writes, replicates from nobody);"
                + " replicas in its replica list: " + names);
    }
}
