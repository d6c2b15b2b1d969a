package io.cqrs.admin.cli;

import io.cqrs.admin.snapshot.RestoreOptions;
import io.cqrs.admin.snapshot.RestoreResult;
import io.cqrs.admin.snapshot.Restorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Validate a dump (ours, mysqldump or mariadb-dump; plain or gzip) completely, then load it into the replica without "
                + "binary logging. Prints the dump's GTID position for start-replication.")
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Mixin
    SafetyOptions safety;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "the dump file")
    Path input;

    @Option(names = "--database", paramLabel = "DB", description = "the database to load a dump into that selects none (a single-database mysqldump/mariadb-dump file, "
            + "which has no USE and is refused without this); created if missing")
    String database;

    @Option(names = "--allow-unmarked", description = "accept files with no completion marker (mysqldump --skip-comments, plain SQL)")
    boolean allowUnmarked;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (connection.hasSource()) {
            // a source was given: prove the pair too (the replica is not the source and follows it, or nothing)
            connection.admin(safety.overrides()).verifyPair("restore of " + input, true, List.of());
        }
        RestoreResult r = Restorer.restore(connection.replica(), input, RestoreOptions.builder().database(database)
                .requireCompletionMarker(!allowUnmarked).safety(safety.overrides())
                .progress(new ProgressPrinter(spec.commandLine().getErr())).build());
        var out = spec.commandLine().getOut();
        out.printf("restored %s (%s) into %s: %,d statements%n", input, r.dump().format(), connection.replica().address(), r.statementsExecuted());
        r.skipped().forEach(s -> out.println("  not run: " + s));
        out.println("GTID position: " + r.gtidPosition().orElse("(none in the dump)"));
        return ExitCodes.OK;
    }
}
