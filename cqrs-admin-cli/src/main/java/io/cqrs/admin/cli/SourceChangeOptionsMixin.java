package io.cqrs.admin.cli;

import io.cqrs.admin.switchover.SourceChangeOptions;
import io.cqrs.admin.switchover.SourceChangeResult;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;

/** The options switchover, failover and rejoin share. */
public final class SourceChangeOptionsMixin {

    @Option(names = "--dry-run", description = "print every statement (passwords masked) and change nothing")
    boolean dryRun;

    @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for catching up and for replicas to run (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    SourceChangeOptions options(boolean allowDataLoss) {
        return SourceChangeOptions.defaults().dryRun(dryRun).timeout(Duration.ofSeconds(timeoutSeconds)).allowDataLoss(allowDataLoss);
    }

    int print(SourceChangeResult r, PrintWriter out) {
        out.print(json ? r.toJson() + System.lineSeparator() : r.toText());
        return ExitCodes.OK;
    }
}
