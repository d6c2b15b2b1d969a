package io.cqrs.admin.cli;

import io.cqrs.admin.identity.SafetyOverrides;
import picocli.CommandLine.Option;

/**
 * The identity refusals an operator may overrule, for the commands that change a server. Without
 * them, a command refuses (changing nothing) when the replica replicates from another source than
 * --source, or when the server it would change has replicas of its own.
 */
public final class SafetyOptions {

    @Option(names = "--allow-other-source",
            description = "act on the replica although it replicates from another server than --source (take it over)")
    boolean allowOtherSource;

    @Option(names = "--allow-followed-target",
            description = "change the server's data or GTID history although other replicas follow it (they will diverge or break)")
    boolean allowFollowedTarget;

    public SafetyOverrides overrides() {
        return SafetyOverrides.none().allowOtherSource(allowOtherSource).allowFollowedTarget(allowFollowedTarget);
    }
}
