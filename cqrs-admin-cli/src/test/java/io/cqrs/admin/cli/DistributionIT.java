package io.cqrs.admin.cli;

import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.junit.SandboxTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.cqrs.sandbox.SandboxTools.checksums;
import static io.cqrs.sandbox.SandboxTools.exec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI distribution is what an operator installs: one jar that runs with a JRE alone. Run as
 * a separate process ({@code java -jar}, no class path, no Maven, started in an empty directory),
 * it prints its help and provisions a real replica.
 */
class DistributionIT {

    record Result(int exit, String out) {
    }

    static Path distribution() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            return s.filter(p -> p.getFileName().toString().matches("cqrs-admin-cli-.*-all\\.jar")).findFirst().orElseThrow(
                    () -> new AssertionError("no target/cqrs-admin-cli-*-all.jar: 'mvn package' builds it before the integration tests"))
                    .toAbsolutePath();
        }
    }

    static Result run(String... args) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-jar", distribution().toString()));
        cmd.addAll(List.of(args));
        Path cwd = Files.createTempDirectory("cqrs-admin-dist");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().remove("CLASSPATH");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("cqrs-admin exits: " + out).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** {@code bin/cqrs-admin} starts the jar with the JVM options of {@code bin/jvm.options} (a 64 MiB young generation). */
    @Test
    void theLauncher_startsTheJvmWithTheOptionsOfItsFile() throws Exception {
        distribution(); // built by 'mvn package': the launcher finds it fresh and does not build
        Path launcher = Path.of("..", "bin", "cqrs-admin").toAbsolutePath().normalize();
        assertThat(Files.readString(launcher.resolveSibling("jvm.options"))).contains("\n-Xmn64m");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true);
        pb.environment().put("CQRS_ADMIN_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("the young generation of bin/jvm.options").contains("-XX:MaxNewSize=67108864");
        assertThat(out).doesNotContain("building the CLI");
    }

    @SandboxTest
    void theJarAlone_printsHelp_andProvisionsAReplica(Sandbox sandbox) throws Exception {
        Result help = run("--help");
        assertThat(help.exit()).as(help.out()).isZero();
        assertThat(help.out()).contains("Usage: cqrs-admin").contains("provision").contains("check-replication");

        exec(sandbox.source(), "CREATE DATABASE IF NOT EXISTS dist_probe",
                "CREATE TABLE IF NOT EXISTS dist_probe.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "REPLACE INTO dist_probe.t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        Path pw = Files.createTempFile("repl", ".password");
        Files.writeString(pw, sandbox.replicationSource().password() + "\n");

        Result provision = run("provision", "--reset-replica", "--workers", "2", "--source", "127.0.0.1:" + sandbox.source().port(),
                "--replica", "127.0.0.1:" + sandbox.replica(0).port(), "--user", "root", "--repl-password-file", pw.toString());

        assertThat(provision.exit()).as(provision.out()).isZero();
        assertThat(provision.out()).contains("provisioned 127.0.0.1:" + sandbox.replica(0).port()).contains("healthy");
        assertThat(provision.out()).doesNotContain(sandbox.replicationSource().password());
        assertThat(checksums(sandbox.replica(0), "dist_probe")).isEqualTo(checksums(sandbox.source(), "dist_probe"));
    }
}
