package io.cqrs.admin.cli;

import io.cqrs.admin.data.SampleData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "create-data", mixinStandardHelpOptions = true,
        description = "Create the sample shop database sample_db (categories, products, customers, orders, order_items) on the source, with deterministic rows.")
final class CreateDataCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--rows", defaultValue = "1000", description = "order_items rows; the other tables scale with it (default: ${DEFAULT-VALUE})")
    int rows;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SampleData.Size s = SampleData.create(connection.source(), rows, new ProgressPrinter(spec.commandLine().getErr()));
        spec.commandLine().getOut().printf("sample_db created on %s: %d categories, %d products, %d customers, %d orders, %d order_items%n",
                connection.source().address(), s.categories(), s.products(), s.customers(), s.orders(), s.orderItems());
        return ExitCodes.OK;
    }
}
