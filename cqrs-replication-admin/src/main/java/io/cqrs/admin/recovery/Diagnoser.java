package io.cqrs.admin.recovery;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.admin.replication.ReplicationHealth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * {@code diagnose}: reads the replica's status, compares its GTIDs with the source's
 * ({@link ReplicaStateClassifier}), checks the replication user when the replica cannot log in,
 * maps it all to {@link Finding}s ({@link FindingRules}) and picks a {@link RecoveryPlan}
 * ({@link PlanChooser}). Changes nothing.
 */
public final class Diagnoser {

    private final ReplicationAdmin admin;
    private final Clock clock;

    public Diagnoser(ReplicationAdmin admin) {
        this(admin, Clock.systemUTC());
    }

    public Diagnoser(ReplicationAdmin admin, Clock clock) {
        this.admin = admin;
        this.clock = clock;
    }

    public Diagnosis diagnose() {
        return diagnose(List.of());
    }

    /** @param reported errors seen elsewhere, e.g. the 3546 of a restore ({@code diagnose --error 3546}) */
    public Diagnosis diagnose(List<ReportedError> reported) {
        ServerEndpoint source = admin.source();
        ServerEndpoint replica = admin.replica();
        ReplicationHealth health = admin.check();
        ReplicaStateReport state = null;
        String sourceProblem = null;
        String user = null;
        Boolean userExists = null;
        try {
            user = configuredUser(replica);
            state = ReplicaStateClassifier.classify(source, replica);
            if (user != null && (health.lastIoErrno() == FindingRules.ER_ACCESS_DENIED || health.lastIoError().contains("Access denied"))) {
                userExists = userExists(source, user);
            }
        } catch (AdminException | SQLException e) {
            sourceProblem = e.getMessage();
        }
        Observations o = new Observations(health, state, reported, sourceProblem, user, userExists);
        List<Finding> findings = FindingRules.findings(o);
        return new Diagnosis(clock.instant(), source.address(), replica.address(), health, state, findings,
                PlanChooser.choose(findings, state));
    }

    private static String configuredUser(ServerEndpoint replica) throws SQLException {
        Dialect d = replica.dialect();
        try (Connection c = replica.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(d.showReplicaStatus())) {
            if (!rs.next()) {
                return null;
            }
            try {
                return rs.getString("Source_User");
            } catch (SQLException e) {
                return rs.getString("Master_User");
            }
        }
    }

    private static boolean userExists(ServerEndpoint source, String user) throws SQLException {
        try (Connection c = source.connect(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM mysql.user WHERE User = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }
}
