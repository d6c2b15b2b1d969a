package io.cqrs.admin.cli;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static io.cqrs.admin.cli.CliIT.cli;
import static org.assertj.core.api.Assertions.assertThat;

class PasswordsIT {

    @SandboxTest(isolated = true)
    void replicationPasswords_neverReachLogsMessagesOrCommandLines(Sandbox sandbox) throws Exception {
        String good = "Good-" + UUID.randomUUID().toString().substring(0, 12);
        String wrong = "Wrong-" + UUID.randomUUID().toString().substring(0, 12);
        Path goodFile = Files.createTempFile("good", ".pw");
        Files.writeString(goodFile, good);
        Path wrongFile = Files.createTempFile("wrong", ".pw");
        Files.writeString(wrongFile, wrong);
        String[] common = {"--source", "127.0.0.1:" + sandbox.source().port(), "--replica", "127.0.0.1:" + sandbox.replica(0).port()};

        PrintStream originalErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        StringBuilder all = new StringBuilder();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            CliIT.Run reset = cli(concat(new String[] {"reset-replication"}, common));
            assertThat(reset.exit()).isZero();
            CliIT.Run start = cli(concat(new String[] {"start-replication", "--ensure-user", "--repl-password-file", goodFile.toString(), "--timeout", "30"}, common));
            all.append(start.out()).append(start.err());
            assertThat(start.exit()).as(start.out() + start.err()).isZero();
            assertThat(start.out()).contains("****");

            cli(concat(new String[] {"reset-replication"}, common));
            CliIT.Run bad = cli(concat(new String[] {"start-replication", "--repl-password-file", wrongFile.toString(), "--timeout", "5"}, common));
            all.append(bad.out()).append(bad.err());
            assertThat(bad.exit()).isEqualTo(ExitCodes.FAILURE);
            assertThat(bad.err()).contains("1045");
        } finally {
            System.setErr(originalErr);
        }
        all.append(logs.toString(StandardCharsets.UTF_8));
        assertThat(all.toString()).contains("start").doesNotContain(good).doesNotContain(wrong);
        ProcessHandle.allProcesses().forEach(p -> assertThat(p.info().commandLine().orElse("")).doesNotContain(good).doesNotContain(wrong));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
