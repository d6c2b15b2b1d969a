package io.cqrs.admin.recovery;

import io.cqrs.admin.JsonReport;
import io.cqrs.admin.AdminException;
import io.cqrs.admin.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code recover} would do about a {@link Diagnosis}.
 *
 * @param steps                  in order; empty when there is nothing to do
 * @param automatic              false when no automatic recovery exists (the reason says what to do by hand)
 * @param discardsReplicaChanges the plan throws away transactions or rows only the replica has; it runs only with
 *                               {@code allowDataLoss} / {@code --discard-replica-changes}
 * @param wouldLose              what exactly would be thrown away (errant GTIDs, the conflicting row's error), or empty
 * @param reason                 why these steps
 */
public record RecoveryPlan(List<RecoveryStep> steps, boolean automatic, boolean discardsReplicaChanges, String wouldLose, String reason)
        implements JsonReport {

    /** The CLI flag that allows a plan that discards replica changes. */
    public static final String DATA_LOSS_FLAG = "--discard-replica-changes";

    /** The flag and the call that allow a plan that discards replica changes. */
    public static final AdminException.Remedy DATA_LOSS = new AdminException.Remedy(DATA_LOSS_FLAG, "RecoveryOptions.allowDataLoss(true)");

    public RecoveryPlan {
        steps = List.copyOf(steps);
        wouldLose = wouldLose == null ? "" : wouldLose;
    }

    public static RecoveryPlan nothing(String reason) {
        return new RecoveryPlan(List.of(), true, false, "", reason);
    }

    public static RecoveryPlan safe(String reason, RecoveryStep... steps) {
        return new RecoveryPlan(List.of(steps), true, false, "", reason);
    }

    public static RecoveryPlan manual(String reason) {
        return new RecoveryPlan(List.of(), false, false, "", reason);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Runs without asking: automatic and keeps every replica change. */
    public boolean isSafe() {
        return automatic && !discardsReplicaChanges;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", steps);
        m.put("automatic", automatic);
        m.put("discards_replica_changes", discardsReplicaChanges);
        m.put("would_lose", wouldLose);
        m.put("requires_flag", discardsReplicaChanges ? DATA_LOSS_FLAG : null);
        m.put("reason", reason);
        return m;
    }

    /** "reset replica, provision" or "nothing to do". */
    public String summary() {
        if (!automatic) {
            return "no automatic recovery: " + reason;
        }
        if (steps.isEmpty()) {
            return "nothing to do (" + reason + ")";
        }
        return String.join(" → ", steps.stream().map(s -> s.name().toLowerCase().replace('_', '-')).toList())
                + (discardsReplicaChanges ? " (discards replica changes: " + wouldLose + "; needs " + DATA_LOSS_FLAG + ")" : "");
    }
}
