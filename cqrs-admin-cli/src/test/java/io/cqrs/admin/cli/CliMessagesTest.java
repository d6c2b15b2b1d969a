package io.cqrs.admin.cli;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.recovery.RecoveryPlan;
import io.cqrs.admin.recovery.RecoveryRefusedException;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Messages that must say what to do, checked without servers. */
class CliMessagesTest {

    @Test
    void missingConfigFile_saysItIsNoFileAndWhatGoesInOne() {
        CliIT.Run r = CliIT.cli("check-replication", "--config", "no-such-dir/cqrs.properties");

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("--config no-such-dir/cqrs.properties is not a file")
                .contains(Path.of("no-such-dir/cqrs.properties").toAbsolutePath().toString()).contains("source=HOST:PORT");
    }

    @Test
    void nobodyListening_saysWhatToCheck_notABareCommunicationsLinkFailure() throws Exception {
        int unused;
        try (ServerSocket s = new ServerSocket(0)) {
            unused = s.getLocalPort();
        }
        CliIT.Run r = CliIT.cli("check-replication", "--replica", "127.0.0.1:" + unused, "--user", "root");

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("no MySQL/MariaDB server answered at 127.0.0.1:" + unused)
                .contains("check that the server runs").doesNotContain("The last packet sent successfully");
    }

    @Test
    void watch_withAPasswordThatCanNeverBeRead_stopsAtOnce_insteadOfFailingEveryCheck() {
        String unset = "CQRS_TEST_UNSET_" + System.nanoTime();
        CliIT.Run r = CliIT.cli("watch", "--source", "127.0.0.1:1", "--replica", "127.0.0.1:2", "--user", "root",
                "--password-env", unset, "--count", "3", "--interval", "0.01");

        assertThat(r.exit()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("environment variable " + unset + " is not set");
        assertThat(r.out()).as("no check ran").doesNotContain("CHECK FAILED");
    }

    @Test
    void remedies_areSwitchesOnTheCommandLine_andCallsInJava() {
        RecoveryRefusedException e = new RecoveryRefusedException("recover refused: rebuilding would discard u:1. Pass {} to rebuild anyway",
                null, RecoveryPlan.DATA_LOSS);

        assertThat(e.cliMessage()).endsWith("Pass --discard-replica-changes to rebuild anyway").doesNotContain("RecoveryOptions");
        assertThat(e.getMessage()).endsWith("Pass RecoveryOptions.allowDataLoss(true) to rebuild anyway");
        assertThat(AdminException.withRemedies("a {} b {} c {}", new AdminException.Remedy("--x", "x()")).cliMessage())
                .as("placeholders beyond the remedies stay as they are").isEqualTo("a --x b {} c {}");
    }

    @Test
    void aPasswordOnTheCommandLine_isRefused_withoutEchoingIt() {
        for (String option : new String[] {"--password", "--replica-password", "--repl-password"}) {
            CliIT.Run r = CliIT.cli("check-replication", "--replica", "127.0.0.1:1", option, "s3cr3t-Value");

            assertThat(r.exit()).as(option).isEqualTo(2);
            assertThat(r.err()).contains("passwords are not accepted on the command line").contains("--password-env")
                    .contains("Usage: cqrs-admin check-replication");
            assertThat(r.out() + r.err()).doesNotContain("s3cr3t-Value");
        }
        CliIT.Run joined = CliIT.cli("check-replication", "--replica", "127.0.0.1:1", "--password=s3cr3t-Value");
        assertThat(joined.out() + joined.err()).doesNotContain("s3cr3t-Value");
    }
}
