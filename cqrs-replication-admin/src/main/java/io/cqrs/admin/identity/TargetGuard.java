package io.cqrs.admin.identity;

import io.cqrs.admin.AdminException.Remedy;
import io.cqrs.admin.ServerEndpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Identity before change. Every command that writes to a server calls one of these first; each
 * reads who the servers are ({@link ServerIdentity}) and throws {@link WrongServerException},
 * before anything is changed, when:
 * <ul>
 *   <li>the replica is the source itself (never allowed);</li>
 *   <li>the source replicates from the replica: the two were given swapped (never allowed);</li>
 *   <li>the replica replicates from another server than the source given (unless
 *       {@link SafetyOverrides#allowOtherSource()});</li>
 *   <li>a step that changes the target's data or GTID history would run on a server that other
 *       replicas follow (unless {@link SafetyOverrides#allowFollowedTarget()}).</li>
 * </ul>
 * The decisions themselves ({@link #pairProblem}, {@link #followedProblem}) are pure functions of
 * the identities.
 */
public final class TargetGuard {

    /** The switch and call that name the source as the replica sees it. */
    static final Remedy SOURCE_ADDRESS = new Remedy("--source-address-for-replica HOST:PORT",
            "the ReplicationSource host and port the replica uses");

    private TargetGuard() {
    }

    /** Both identities of a pair that passed the checks. */
    public record Pair(ServerIdentity source, ServerIdentity replica) {
    }

    /**
     * What is wrong with a target, and the fix.
     *
     * @param what      the finding, naming the servers ("the replica X replicates from Y, not from the source Z")
     * @param fix       what to do, with {@code {}} where a remedy's switch or call goes
     * @param remedies  the switches/calls that overrule the refusal, if any
     */
    public record Problem(String what, String fix, Remedy... remedies) {

        /** The refusal of an operation: what, "Nothing was changed", the fix. */
        public WrongServerException refusal(String operation) {
            return new WrongServerException(operation + " refused: " + what + ". Nothing was changed. " + fix, remedies);
        }
    }

    /**
     * Checks a source/replica pair before work on the replica.
     *
     * @param sourceAddressesForReplica other "host:port" names under which the replica may reach the source
     * @param changesReplica            the work changes the replica's data or GTID history (then replicas
     *                                  following the replica count against it)
     */
    public static Pair checkPair(ServerEndpoint source, ServerEndpoint replica, Collection<String> sourceAddressesForReplica,
                                 String operation, boolean changesReplica, SafetyOverrides overrides) {
        ServerIdentity s = ServerIdentity.read(source);
        ServerIdentity r = ServerIdentity.read(replica);
        List<String> names = names(source.address(), sourceAddressesForReplica);
        Problem p = pairProblem(s, r, names, overrides, upstreamAnswers(r));
        if (p == null && changesReplica) {
            p = followedProblem(r, overrides);
        }
        if (p != null) {
            throw p.refusal(operation);
        }
        return new Pair(s, r);
    }

    /** Checks one server before a step that changes its data or GTID history: no replica may follow it. */
    public static ServerIdentity checkTarget(ServerEndpoint target, String operation, SafetyOverrides overrides) {
        ServerIdentity t = ServerIdentity.read(target);
        Problem p = followedProblem(t, overrides);
        if (p != null) {
            throw p.refusal(operation);
        }
        return t;
    }

    /** Checks that a server about to be written through (create-data) is a source: it replicates from nobody. */
    public static ServerIdentity checkWritableSource(ServerEndpoint source, String operation) {
        ServerIdentity s = ServerIdentity.read(source);
        if (s.upstream() != null) {
            throw new Problem(s.describe() + " is a replica (it replicates from " + s.upstream().describe()
                    + "); writing to it would give it transactions its source does not have",
                    "Give the source (command) server's address").refusal(operation);
        }
        return s;
    }

    /** The source's names, the given address first, each once. */
    public static List<String> names(String given, Collection<String> more) {
        java.util.LinkedHashSet<String> n = new java.util.LinkedHashSet<>();
        n.add(given);
        n.addAll(more);
        return List.copyOf(n);
    }

    /**
     * Whether a MySQL/MariaDB server still listens where the replica's configuration points (a TCP
     * connect within a second); true when the replica has no source configured.
     */
    public static boolean upstreamAnswers(ServerIdentity replica) {
        ServerIdentity.Upstream u = replica.upstream();
        if (u == null) {
            return true;
        }
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(u.host(), u.port()), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** {@link #pairProblem(ServerIdentity, ServerIdentity, Collection, SafetyOverrides, boolean)} for a source that answers. */
    public static Problem pairProblem(ServerIdentity source, ServerIdentity replica, Collection<String> sourceNames,
                                     SafetyOverrides overrides) {
        return pairProblem(source, replica, sourceNames, overrides, true);
    }

    /**
     * Why the replica must not be worked on as a replica of this source, or {@code null}.
     *
     * @param sourceNames     "host:port" names of the source (as given, and as the replica may know it)
     * @param upstreamAnswers something listens at the replica's configured source address; when nothing does and the
     *                        replica holds transactions this source wrote, it is this source's replica pointed at a
     *                        wrong or old address (the "cannot connect to the source" breakage), not another cluster's
     */
    public static Problem pairProblem(ServerIdentity source, ServerIdentity replica, Collection<String> sourceNames,
                                     SafetyOverrides overrides, boolean upstreamAnswers) {
        if (replica.sameServerAs(source)) {
            return new Problem("the replica " + replica.address() + " is the same server as the source " + source.describe(),
                    "Give the replica's own address (the query server, not the command server)");
        }
        if (follows(source, replica, List.of(replica.address()))) {
            return new Problem("the source " + source.address() + " replicates from the replica " + replica.describe()
                    + ": the two look swapped", "Give the command server as the source and the query server as the replica");
        }
        ServerIdentity.Upstream u = replica.upstream();
        if (u == null || overrides.allowOtherSource()) {
            return null;
        }
        if (follows(replica, source, sourceNames)) {
            return null;
        }
        if (!upstreamAnswers && source.isUpstreamOf(replica) == ServerIdentity.Match.UNKNOWN
                && (u.serverId() == 0 || u.serverId() == source.serverId()) && replica.hasTransactionsWrittenBy(source)) {
            // nothing listens at its configured address, and its data came from this source: this source's replica pointed
            // at a wrong or old address (the runbook's "cannot connect to the source"), not another cluster's
            return null;
        }
        String why = source.isUpstreamOf(replica) == ServerIdentity.Match.NO ? ""
                : " (its status names no server_uuid that would prove which server its source is, and its source address is not one of "
                + String.join(", ", sourceNames) + ")";
        return new Problem("the replica " + replica.describe() + " replicates from " + u.describe() + ", not from the source "
                + source.describe() + why, "Check the addresses; if the replica reaches this source under another name, give it ({}); "
                + "to take the replica over from its current source on purpose, pass {}", SOURCE_ADDRESS, SafetyOverrides.OTHER_SOURCE);
    }

    /** Why a change of this server's data or GTID history would harm replicas that follow it, or {@code null}. */
    public static Problem followedProblem(ServerIdentity target, SafetyOverrides overrides) {
        if (target.followers().isEmpty() || overrides.allowFollowedTarget()) {
            return null;
        }
        return new Problem(target.describe() + " has replicas of its own (" + target.describeFollowers() + "); changing its data or "
                + "GTID history without binary logging would leave them diverged or broken", "Check that this is the replica you meant "
                + "(a source is never the target); if it really is to be rebuilt, stop its replicas first or pass {}",
                SafetyOverrides.FOLLOWED_TARGET);
    }

    /**
     * The follower's configured source is the leader: by server_uuid where the status shows one,
     * otherwise by a matching server_id (or none known) and an address that is one of the leader's names.
     */
    public static boolean follows(ServerIdentity follower, ServerIdentity leader, Collection<String> leaderNames) {
        if (follower.upstream() == null) {
            return false;
        }
        return switch (leader.isUpstreamOf(follower)) {
            case YES -> true;
            case NO -> false;
            case UNKNOWN -> namesMatch(follower.upstream(), leader, leaderNames);
        };
    }

    /** The replica's configured source host:port is one of the source's names (or its own host name and port). */
    static boolean namesMatch(ServerIdentity.Upstream u, ServerIdentity source, Collection<String> sourceNames) {
        List<String> names = new ArrayList<>(sourceNames);
        if (source.hostname() != null) {
            names.add(source.hostname() + ":" + source.port());
        }
        for (String n : names) {
            int colon = n.lastIndexOf(':');
            String host = colon > 0 ? n.substring(0, colon) : n;
            int port = colon > 0 ? Integer.parseInt(n.substring(colon + 1)) : 3306;
            if (port == u.port() && sameHost(host.replace("[", "").replace("]", ""), u.host())) {
                return true;
            }
        }
        return false;
    }

    /** Same name, or names that resolve to a common address ("localhost" and 127.0.0.1 are one host; 127.0.0.2 is another). */
    static boolean sameHost(String a, String b) {
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        try {
            List<InetAddress> as = Arrays.asList(InetAddress.getAllByName(a));
            List<InetAddress> bs = Arrays.asList(InetAddress.getAllByName(b));
            return as.stream().anyMatch(bs::contains);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
