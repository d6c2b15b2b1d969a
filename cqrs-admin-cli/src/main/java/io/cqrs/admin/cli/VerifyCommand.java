package io.cqrs.admin.cli;

import io.cqrs.admin.recovery.ConsistencyVerifier;
import io.cqrs.admin.recovery.VerifyOptions;
import io.cqrs.admin.recovery.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare source and replica table by table in primary-key chunks at one GTID point (the replica's applier is "
                + "paused for a moment and run up to the source's snapshot). Reports mismatching chunks with their key ranges. "
                + "Exit 0 equal, 3 different, 1 failure.")
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "DB[.TABLE]", arity = "0..*", description = "tables or databases to compare (default: all non-system)")
    List<String> tables = List.of();

    @Option(names = "--chunk-rows", defaultValue = "1000", description = "rows per chunk (default: ${DEFAULT-VALUE})")
    int chunkRows;

    @Option(names = "--timeout", defaultValue = "60", description = "seconds for the replica to reach the source's point (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        VerifyReport r = ConsistencyVerifier.verify(connection.source(), connection.replica(),
                VerifyOptions.defaults().tables(tables).chunkRows(chunkRows).timeout(Duration.ofSeconds(timeoutSeconds)));
        spec.commandLine().getOut().print(json ? r.toJson() + System.lineSeparator() : r.toText());
        return r.consistent() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }
}
