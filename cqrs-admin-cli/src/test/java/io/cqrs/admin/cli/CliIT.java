package io.cqrs.admin.cli;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.cqrs.sandbox.SandboxTools.checksums;
import static io.cqrs.sandbox.SandboxTools.exec;
import static org.assertj.core.api.Assertions.assertThat;

class CliIT {

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CqrsAdmin.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static String[] endpoints(Sandbox s, String... rest) throws Exception {
        Path pw = Files.createTempFile("repl", ".password");
        Files.writeString(pw, s.replicationSource().password() + "\n");
        String[] base = {"--source", "127.0.0.1:" + s.source().port(), "--replica", "127.0.0.1:" + s.replica(0).port(),
                "--user", "root", "--repl-password-file", pw.toString()};
        String[] all = new String[base.length + rest.length];
        System.arraycopy(rest, 0, all, 0, rest.length);
        System.arraycopy(base, 0, all, rest.length, base.length);
        return all;
    }

    @SandboxTest(isolated = true)
    void checkReplication_tableJsonAndExitCodes(Sandbox sandbox) throws Exception {
        Run table = cli(endpoints(sandbox, "check-replication"));
        assertThat(table.exit()).as(table.err()).isEqualTo(ExitCodes.OK);
        assertThat(table.out()).contains("healthy").contains("true").contains("io_running").contains("Yes");

        Run json = cli(endpoints(sandbox, "check-replication", "--json"));
        assertThat(json.exit()).isEqualTo(ExitCodes.OK);
        assertThat(json.out().trim()).startsWith("{").endsWith("}").contains("\"healthy\":true").contains("\"sql_running\":\"Yes\"");

        exec(sandbox.replica(0), sandbox.dialect().stopSqlThread());
        Run unhealthy = cli(endpoints(sandbox, "check-replication", "--json"));
        assertThat(unhealthy.exit()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(unhealthy.out()).contains("\"healthy\":false").contains("SQL thread is No");

        // restarting a stopped thread needs no replication password: recover must not ask for one
        Run recover = cli("recover", "--source", "127.0.0.1:" + sandbox.source().port(), "--replica", "127.0.0.1:" + sandbox.replica(0).port(),
                "--user", "root");
        assertThat(recover.exit()).as(recover.out() + recover.err()).isEqualTo(ExitCodes.OK);
        assertThat(recover.err()).doesNotContain("no replication password");
        assertThat(cli(endpoints(sandbox, "check-replication")).exit()).isEqualTo(ExitCodes.OK);
        exec(sandbox.replica(0), sandbox.dialect().stopSqlThread());

        Run reset = cli(endpoints(sandbox, "reset-replication"));
        assertThat(reset.exit()).as(reset.err()).isZero();
        Run notConfigured = cli(endpoints(sandbox, "check-replication"));
        assertThat(notConfigured.exit()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(notConfigured.out()).contains("not configured");
    }

    @SandboxTest(isolated = true)
    void provision_createData_thenRebuildsTheReplica(Sandbox sandbox) throws Exception {
        Run reset = cli(endpoints(sandbox, "reset-replication", "--reset-gtids"));
        assertThat(reset.exit()).as(reset.err()).isZero();
        Run data = cli(endpoints(sandbox, "create-data", "--rows", "3000"));
        assertThat(data.exit()).as(data.err()).isZero();
        long loadsBefore = comLoad(sandbox);
        Run p = cli(endpoints(sandbox, "provision", "--workers", "2"));
        assertThat(p.exit()).as(p.out() + p.err()).isEqualTo(ExitCodes.OK);
        assertThat(comLoad(sandbox)).as("bulk load by default").isGreaterThan(loadsBefore);
        assertThat(p.out()).contains("provisioned").contains("GTID position");
        assertThat(p.err()).contains("rows").contains("done in");
        assertThat(checksums(sandbox.replica(0), "sample_db")).isEqualTo(checksums(sandbox.source(), "sample_db"));
        assertThat(p.out() + p.err()).doesNotContain(sandbox.replicationSource().password());

        // again with --inserts-only: the copy sends no LOAD DATA
        long loads = comLoad(sandbox);
        Run again = cli(endpoints(sandbox, "provision", "--workers", "2", "--reset-replica", "--inserts-only"));
        assertThat(again.exit()).as(again.out() + again.err()).isEqualTo(ExitCodes.OK);
        assertThat(comLoad(sandbox)).isEqualTo(loads);
        assertThat(checksums(sandbox.replica(0), "sample_db")).isEqualTo(checksums(sandbox.source(), "sample_db"));
    }

    private static long comLoad(Sandbox sandbox) throws Exception {
        try (java.sql.Connection c = sandbox.replica(0).connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_load'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    @SandboxTest
    void everyCommand_hasHelp(Sandbox sandbox) {
        for (String c : new String[] {"create-data", "dump", "restore", "start-replication", "reset-replication", "check-replication",
                "provision", "wait-caught-up"}) {
            Run r = cli(c, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Usage:").contains(c).contains("--password-env");
        }
    }
}
