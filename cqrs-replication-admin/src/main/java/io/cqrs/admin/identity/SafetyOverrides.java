package io.cqrs.admin.identity;

import io.cqrs.admin.AdminException.Remedy;

/**
 * The two identity refusals an operator may overrule on purpose. {@link #none()} (the default
 * everywhere) overrules nothing. Acting on a replica that is the source itself, or whose source
 * replicates from it, is never allowed.
 *
 * @param allowOtherSource    act on a replica although it replicates from a server other than the
 *                            given source (take it over)
 * @param allowFollowedTarget change a server's data or GTID history although other replicas follow
 *                            it (they will diverge or break)
 */
public record SafetyOverrides(boolean allowOtherSource, boolean allowFollowedTarget) {

    /** The switch and call that overrule the "replicates from another source" refusal. */
    public static final Remedy OTHER_SOURCE = new Remedy("--allow-other-source", "SafetyOverrides.none().allowOtherSource(true)");

    /** The switch and call that overrule the "other replicas follow it" refusal. */
    public static final Remedy FOLLOWED_TARGET = new Remedy("--allow-followed-target",
            "SafetyOverrides.none().allowFollowedTarget(true)");

    private static final SafetyOverrides NONE = new SafetyOverrides(false, false);

    /** Every identity check refuses. */
    public static SafetyOverrides none() {
        return NONE;
    }

    /** A copy that does (or does not) overrule the "replicates from another source" refusal. */
    public SafetyOverrides allowOtherSource(boolean allow) {
        return new SafetyOverrides(allow, allowFollowedTarget);
    }

    /** A copy that does (or does not) overrule the "other replicas follow it" refusal. */
    public SafetyOverrides allowFollowedTarget(boolean allow) {
        return new SafetyOverrides(allowOtherSource, allow);
    }
}
