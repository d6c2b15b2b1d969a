package io.cqrs.admin.cli;

import io.cqrs.admin.snapshot.DumpFileSink;
import io.cqrs.admin.snapshot.SnapshotOptions;
import io.cqrs.admin.snapshot.SnapshotResult;
import io.cqrs.admin.snapshot.Snapshotter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Write a consistent snapshot of the source to a SQL file (gzip when the name ends in .gz) with its GTID position; "
                + "no mysqldump needed, and the mysql/mariadb client can load the file too.")
final class DumpCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the dump file, e.g. dump/source.sql.gz")
    Path output;

    @Option(names = "--databases", split = ",", paramLabel = "DB", description = "databases to dump (default: all but the system ones)")
    List<String> databases = List.of();

    @Option(names = "--workers", defaultValue = "4", description = "parallel reader connections (default: ${DEFAULT-VALUE})")
    int workers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SnapshotResult r = Snapshotter.snapshot(connection.source(), SnapshotOptions.builder().databases(databases).workers(workers)
                .progress(new ProgressPrinter(spec.commandLine().getErr())).build(), DumpFileSink.of(output));
        spec.commandLine().getOut().printf("dumped %d tables, %,d rows to %s%nGTID position: %s%n", r.tables(), r.rows(),
                output.toAbsolutePath(), r.gtidPosition());
        return ExitCodes.OK;
    }
}
