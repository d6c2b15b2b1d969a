package io.cqrs.admin.cli;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.admin.recovery.ConsistencyVerifier;
import io.cqrs.admin.recovery.VerifyOptions;
import io.cqrs.admin.recovery.VerifyReport;
import io.cqrs.admin.data.SampleData;
import io.cqrs.common.dialect.Dialect;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.cqrs.sandbox.SandboxTools.count;
import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.exec;
import static org.assertj.core.api.Assertions.assertThat;

/** preflight, verify and watch through the CLI, on both flavours. */
class RecoveryCliIT {

    record Run(int exit, String out, String err) {
    }

    static Run cli(Sandbox s, String... args) throws Exception {
        Path pw = Files.createTempFile("repl", ".password");
        Files.writeString(pw, s.replicationSource().password() + "\n");
        String[] base = {"--source", "127.0.0.1:" + s.source().port(), "--replica", "127.0.0.1:" + s.replica(0).port(),
                "--user", "root", "--repl-password-file", pw.toString()};
        String[] all = new String[base.length + args.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(base, 0, all, args.length, base.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = CqrsAdmin.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @SandboxTest(isolated = true)
    void preflight_verify_watch(Sandbox sandbox) throws Exception {
        for (String c : List.of("diagnose", "recover", "preflight", "verify", "watch")) {
            StringWriter out = new StringWriter();
            CommandLine cl = CqrsAdmin.commandLine();
            cl.setOut(new PrintWriter(out, true));
            assertThat(cl.execute(c, "--help")).isZero();
            assertThat(out.toString()).contains("Usage:").contains(c).contains("--json");
        }
        assertThat(cliHelp("recover")).contains("--dry-run").contains("--discard-replica-changes");
        assertThat(cliHelp("watch")).contains("--auto-recover").contains("--exit-on-failure").contains("--interval").contains("--count");

        // preflight: the sandbox keeps binlogs 7 days; a day is flagged
        Run ok = cli(sandbox, "preflight");
        assertThat(ok.exit()).as(ok.out() + ok.err()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("OK BINLOG_RETENTION").contains("7 days").contains("OK REPLICATION_GRANTS").contains("OK GTID_MODE")
                .contains("OK REPLICA_READ_ONLY");
        exec(sandbox.source(), "SET GLOBAL binlog_expire_logs_seconds = 86400");
        Run warn = cli(sandbox, "preflight", "--json");
        assertThat(warn.exit()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(warn.out()).contains("\"kind\":\"BINLOG_RETENTION\",\"severity\":\"WARNING\"").contains("1 days");

        // verify: equal, then a sneaky replica-only change is found with its key range
        ServerEndpoint source = endpoint(sandbox.source());
        SampleData.create(source, 2000, p -> { });
        sandbox.sync();
        Run same = cli(sandbox, "verify", "--chunk-rows", "7", "sample_db");
        assertThat(same.exit()).as(same.out() + same.err()).isEqualTo(ExitCodes.OK);
        assertThat(same.out()).startsWith("consistent").contains("sample_db.products");
        long id = count(sandbox.source(), "SELECT MIN(id) + 9 FROM sample_db.products");
        Dialect d = sandbox.dialect();
        exec(sandbox.replica(0), d.setReadOnly(false), d.disableSessionBinlog(),
                "UPDATE sample_db.products SET name = CONCAT(name, ' (sneaky)') WHERE id = " + id, d.setReadOnly(true));
        assertThat(count(sandbox.replica(0), "SELECT COUNT(*) FROM sample_db.products WHERE name LIKE '%(sneaky)'")).isEqualTo(1);
        VerifyReport r = ConsistencyVerifier.verify(source, endpoint(sandbox.replica(0)),
                VerifyOptions.defaults().tables(List.of("sample_db.products")).chunkRows(7));
        assertThat(r.aligned()).isTrue();
        assertThat(r.consistent()).isFalse();
        assertThat(r.mismatches()).hasSize(1);
        VerifyReport.ChunkMismatch m = r.mismatches().get(0);
        assertThat(m.table()).isEqualTo("sample_db.products");
        assertThat(Long.parseLong(m.lowerExclusive())).isLessThan(id);
        assertThat(Long.parseLong(m.upperInclusive())).isGreaterThanOrEqualTo(id);
        assertThat(m.sourceRows()).isEqualTo(m.replicaRows());
        Run diff = cli(sandbox, "verify", "--chunk-rows", "7", "--json", "sample_db.products");
        assertThat(diff.exit()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(diff.out()).contains("\"consistent\":false").contains("\"range\":\"" + m.range() + "\"");
        assertThat(cli(sandbox, "diagnose").exit()).as("replication itself is still healthy").isEqualTo(ExitCodes.OK);

        // watch: N lines, then exits
        Run w = cli(sandbox, "watch", "--count", "3", "--interval", "0.1");
        assertThat(w.exit()).as(w.err()).isEqualTo(ExitCodes.OK);
        assertThat(w.out().trim().split("\\R")).hasSize(3).allMatch(l -> l.contains(" OK HEALTHY"));
        exec(sandbox.replica(0), d.stopReplica());
        Run wj = cli(sandbox, "watch", "--count", "2", "--interval", "0.1", "--json", "--exit-on-failure");
        assertThat(wj.exit()).isEqualTo(ExitCodes.UNHEALTHY);
        assertThat(wj.out().trim().split("\\R")).hasSize(1);
        assertThat(wj.out()).contains("\"healthy\":false").contains("THREADS_STOPPED");
        Run healed = cli(sandbox, "watch", "--count", "2", "--interval", "0.1", "--auto-recover");
        assertThat(healed.exit()).as(healed.out() + healed.err()).isEqualTo(ExitCodes.OK);
        assertThat(healed.out()).contains("recovered: true");
    }

    static String cliHelp(String c) {
        StringWriter out = new StringWriter();
        CommandLine cl = CqrsAdmin.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.execute(c, "--help");
        return out.toString();
    }
}
