package io.cqrs.admin.cli;

import io.cqrs.admin.AdminException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cqrs-admin}: the replication runbook as commands. Each make target of the old
 * workflow is one subcommand of the same name.
 */
@Command(name = "cqrs-admin",
        mixinStandardHelpOptions = true,
        versionProvider = CqrsAdmin.Version.class,
        description = "Build, check and repair MySQL/MariaDB replication for a CQRS pair.",
        subcommands = {
                SandboxCommand.class,
                CreateDataCommand.class,
                DumpCommand.class,
                RestoreCommand.class,
                StartReplicationCommand.class,
                ResetReplicationCommand.class,
                CheckReplicationCommand.class,
                WaitCaughtUpCommand.class,
                ProvisionCommand.class,
                DiagnoseCommand.class,
                RecoverCommand.class,
                PreflightCommand.class,
                VerifyCommand.class,
                WatchCommand.class,
                SwitchoverCommand.class,
                FailoverCommand.class,
                RejoinCommand.class,
                CommandLine.HelpCommand.class
        })
public final class CqrsAdmin implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        // commands print through picocli's writers; flush them before the JVM exits
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CqrsAdmin());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String message = ex instanceof AdminException ae ? ae.cliMessage() : ex.getMessage();
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + message));
            if (Boolean.getBoolean("cqrs.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = CqrsAdmin.class.getPackage().getImplementationVersion();
            return new String[] {"cqrs-admin " + (v == null ? "development build" : v)};
        }
    }
}
