package io.cqrs.admin.cli;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxExtension;
import io.cqrs.sandbox.junit.SandboxTest;
import io.cqrs.common.ServerFlavor;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cqrs.sandbox.SandboxTools.checksums;
import static io.cqrs.sandbox.SandboxTools.exec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The safety matrix: every command that changes a server, given the wrong target — the source
 * as the replica, a replica of another source, a server that other replicas follow, a swapped
 * pair — changes nothing (rows, checksums, GTID sets, binary logs, users, replication status,
 * read-only flags, on every server involved) and says what is wrong and what to do.
 *
 * <p>Servers: the shared source with two replicas ({@code S}, {@code R1}, {@code R2}) and the
 * shared single pair's source ({@code A}), which nothing follows but its own replica. Nothing here
 * may change them, which is exactly what each case asserts.
 */
@ExtendWith(WrongTargetIT.Context.class)
class WrongTargetIT {

    /** Hands the test its ExtensionContext, to reach the other shared sandbox. */
    static final class Context implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
            return pc.getParameter().getType() == ExtensionContext.class;
        }

        @Override
        public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
            return ec;
        }
    }

    record Case(String name, String[] args, int exit, String... expected) {
    }

    @SandboxTest(replicas = 2)
    void everyWritingCommand_givenTheWrongTarget_changesNothingAndSaysWhy(Sandbox b, ServerFlavor flavor, ExtensionContext ec)
            throws Exception {
        Sandbox a = SandboxExtension.shared(ec, flavor, 1);
        SandboxServer s = b.source();
        SandboxServer r1 = b.replica(0);
        SandboxServer other = a.source();
        probeData(b);
        probeData(a);

        Path pw = Files.createTempFile("repl", ".password");
        Files.writeString(pw, b.replicationSource().password() + "\n");
        Path dump = Files.createTempFile("probe", ".sql");
        Files.writeString(dump, "CREATE DATABASE IF NOT EXISTS wrong_target_loaded;\n"
                + "CREATE TABLE wrong_target_loaded.t (id INT PRIMARY KEY);\nINSERT INTO wrong_target_loaded.t VALUES (1),(2);\n");
        Path viaFile = Files.createTempFile("via", ".sql.gz");
        Files.delete(viaFile);

        String same = "is the same server as the source";
        String otherSource = "replicates from";
        String followed = "has replicas of its own";
        String swapped = "the two look swapped";
        List<Case> cases = List.of(
                new Case("provision into the source itself", pair(s, s, pw, "provision"), ExitCodes.FAILURE, same),
                new Case("provision --reset-replica into the source itself", pair(s, s, pw, "provision", "--reset-replica"),
                        ExitCodes.FAILURE, same, "Give the replica's own address"),
                new Case("provision a replica of another source", pair(other, r1, pw, "provision"), ExitCodes.FAILURE, otherSource,
                        "not from the source", "--allow-other-source", "--source-address-for-replica"),
                new Case("provision --reset-replica a replica of another source", pair(other, r1, pw, "provision", "--reset-replica"),
                        ExitCodes.FAILURE, otherSource, "--allow-other-source"),
                new Case("provision --via-file a replica of another source", pair(other, r1, pw, "provision", "--via-file",
                        viaFile.toString()), ExitCodes.FAILURE, otherSource),
                new Case("provision --via-file into a replica that replicates (refused before the snapshot)", pair(s, r1, pw,
                        "provision", "--via-file", viaFile.toString()), ExitCodes.FAILURE, "is replicating",
                        "'cqrs-admin reset-replication'", "'cqrs-admin provision --reset-replica'"),
                new Case("provision into a server other replicas follow", pair(other, s, pw, "provision", "--reset-replica"),
                        ExitCodes.FAILURE, followed, "--allow-followed-target"),
                new Case("provision with source and replica swapped", pair(r1, s, pw, "provision"), ExitCodes.FAILURE, swapped),
                new Case("restore into a server other replicas follow", replicaOnly(s, "restore", "-i", dump.toString(),
                        "--allow-unmarked"), ExitCodes.FAILURE, followed, "--allow-followed-target"),
                new Case("restore into the source itself", pair(s, s, pw, "restore", "-i", dump.toString(), "--allow-unmarked"),
                        ExitCodes.FAILURE, same),
                new Case("restore into a replica of another source", pair(other, r1, pw, "restore", "-i", dump.toString(),
                        "--allow-unmarked"), ExitCodes.FAILURE, otherSource),
                new Case("reset-replication --reset-gtids on a server other replicas follow", replicaOnly(s, "reset-replication",
                        "--reset-gtids"), ExitCodes.FAILURE, followed),
                new Case("reset-replication on the source itself", pair(s, s, pw, "reset-replication", "--reset-gtids"),
                        ExitCodes.FAILURE, same),
                new Case("reset-replication of a replica of another source", pair(other, r1, pw, "reset-replication"),
                        ExitCodes.FAILURE, otherSource),
                new Case("start-replication on the source itself", pair(s, s, pw, "start-replication"), ExitCodes.FAILURE, same),
                new Case("start-replication on a replica of another source", pair(other, r1, pw, "start-replication"),
                        ExitCodes.FAILURE, otherSource),
                new Case("start-replication on a server other replicas follow", pair(other, s, pw, "start-replication"),
                        ExitCodes.FAILURE, followed),
                new Case("recover on the source itself", pair(s, s, pw, "recover"), ExitCodes.FAILURE, same),
                new Case("recover a replica of another source", pair(other, r1, pw, "recover"), ExitCodes.FAILURE, otherSource),
                new Case("recover --dry-run with the pair swapped", pair(r1, s, pw, "recover", "--dry-run"), ExitCodes.FAILURE, swapped),
                new Case("create-data on a replica", new String[] {"create-data", "--source", address(r1), "--user", "root",
                        "--rows", "10"}, ExitCodes.FAILURE, "is a replica", "Give the source (command) server's address"),
                new Case("verify a server against itself", pair(s, s, pw, "verify"), ExitCodes.FAILURE, same),
                new Case("wait-caught-up of a server on itself", pair(s, s, pw, "wait-caught-up"), ExitCodes.FAILURE, same),
                new Case("check-replication against another source", pair(other, r1, pw, "check-replication"), ExitCodes.UNHEALTHY,
                        otherSource, "not from the source"),
                new Case("check-replication against the source itself", pair(s, s, pw, "check-replication"), ExitCodes.UNHEALTHY, same));

        List<SandboxServer> servers = new ArrayList<>(b.servers());
        servers.addAll(a.servers());
        for (Case c : cases) {
            Map<String, Map<String, String>> before = fingerprints(servers, b);
            CliIT.Run run = CliIT.cli(c.args());
            String shown = c.name() + ": exit " + run.exit() + "\nout: " + run.out() + "\nerr: " + run.err();
            assertThat(run.exit()).as(shown).isEqualTo(c.exit());
            assertThat(run.out() + run.err()).as(shown).contains(c.expected());
            if (c.exit() == ExitCodes.FAILURE) {
                assertThat(run.err()).as(shown).contains("Nothing was changed").doesNotContain("SafetyOverrides");
            }
            assertThat(run.out() + run.err()).as(shown).doesNotContain(b.replicationSource().password());
            assertThat(fingerprints(servers, b)).as(c.name() + ": nothing changed on any server").isEqualTo(before);
            assertThat(Files.exists(viaFile)).as(c.name() + ": no snapshot was taken").isFalse();
        }
    }

    @SandboxTest(replicas = 2)
    void checkReplication_againstAnUnreachableSource_isAnError_notHealthy(Sandbox b) throws Exception {
        int unused;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            unused = ss.getLocalPort();
        }
        CliIT.Run run = CliIT.cli("check-replication", "--source", "127.0.0.1:" + unused, "--replica", address(b.replica(0)), "--user",
                "root");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains("cannot tell which server 127.0.0.1:" + unused + " is").contains("Check that the server runs");

        CliIT.Run right = CliIT.cli("check-replication", "--source", address(b.source()), "--replica", address(b.replica(0)), "--user",
                "root");
        assertThat(right.exit()).as("the right pair is healthy: " + right.out() + right.err()).isEqualTo(ExitCodes.OK);
    }

    private static void probeData(Sandbox sandbox) throws Exception {
        exec(sandbox.source(), "CREATE DATABASE IF NOT EXISTS wrong_target_probe",
                "CREATE TABLE IF NOT EXISTS wrong_target_probe.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT IGNORE INTO wrong_target_probe.t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        sandbox.sync();
    }

    static String address(SandboxServer server) {
        return "127.0.0.1:" + server.port();
    }

    private static String[] pair(SandboxServer source, SandboxServer replica, Path replPassword, String command, String... rest) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(rest));
        args.addAll(List.of("--source", address(source), "--replica", address(replica), "--user", "root",
                "--repl-password-file", replPassword.toString()));
        return args.toArray(String[]::new);
    }

    private static String[] replicaOnly(SandboxServer replica, String command, String... rest) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(rest));
        args.addAll(List.of("--replica", address(replica), "--user", "root"));
        return args.toArray(String[]::new);
    }

    /** Everything a wrong command could have changed, per server. */
    private static Map<String, Map<String, String>> fingerprints(List<SandboxServer> servers, Sandbox any) throws Exception {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (SandboxServer server : servers) {
            Map<String, String> f = new LinkedHashMap<>();
            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                f.put("gtid_executed", one(st, any.dialect().selectExecutedGtids()));
                f.put("read_only", one(st, "SELECT CONCAT(@@GLOBAL.read_only, '/', " + (server.flavor() == ServerFlavor.MYSQL
                        ? "@@GLOBAL.super_read_only" : "0") + ")"));
                f.put("binlogs", rows(st, "SHOW BINARY LOGS", 2));
                f.put("users", rows(st, "SELECT user, host, authentication_string FROM mysql.user ORDER BY user, host", 3));
                f.put("databases", rows(st, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1", 1));
                Map<String, String> status = any.replicaStatus(server);
                for (String k : List.of("Master_Host", "Source_Host", "Master_Port", "Source_Port", "Slave_IO_Running",
                        "Replica_IO_Running", "Slave_SQL_Running", "Replica_SQL_Running")) {
                    if (status.containsKey(k)) {
                        f.put(k, status.get(k));
                    }
                }
            }
            for (String db : List.of("wrong_target_probe")) {
                f.put("checksums " + db, checksums(server, db).toString());
            }
            all.put(server.name() + "@" + server.port(), f);
        }
        return all;
    }

    private static String one(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String rows(Statement st, String sql, int columns) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    sb.append(rs.getString(i)).append(i < columns ? "," : ";");
                }
            }
        }
        return sb.toString();
    }
}
