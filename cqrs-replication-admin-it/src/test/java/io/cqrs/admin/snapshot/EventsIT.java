package io.cqrs.admin.snapshot;

import io.cqrs.admin.ServerEndpoint;
import io.cqrs.sandbox.Sandbox;
import io.cqrs.sandbox.SandboxServer;
import io.cqrs.sandbox.junit.SandboxTest;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.cqrs.sandbox.SandboxTools.endpoint;
import static io.cqrs.sandbox.SandboxTools.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled events. A snapshot copied views, routines and triggers but no event, so a replica made by dump or
 * provision had none of the source's jobs (and a switchover to it lost them). Now they are copied with their
 * schedule (written in the event's own time zone) and sql_mode, and an event the source runs arrives disabled
 * on the copy ({@code SLAVESIDE_DISABLED}), as replication leaves it: a replica must not run the source's jobs.
 */
class EventsIT {

    private static final String DB = "evt";

    /** The events of {@link #DB} with what defines them: name, status, schedule, body, sql_mode. */
    private static String events(SandboxServer s) throws Exception {
        return string(s, "SELECT GROUP_CONCAT(CONCAT_WS('|', EVENT_NAME, STATUS, INTERVAL_VALUE, INTERVAL_FIELD, STARTS, ENDS, EVENT_DEFINITION,"
                + " SQL_MODE, TIME_ZONE) ORDER BY EVENT_NAME SEPARATOR ';') FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + DB + "'");
    }

    @SandboxTest(isolated = true)
    void events_areCopiedDisabledOnTheCopy(Sandbox sandbox) throws Exception {
        SandboxServer src = sandbox.source();
        SandboxServer rep = sandbox.replica(0);
        ServerEndpoint replica = CopyTargets.detached(sandbox);
        CopyTargets.freshDatabase(src, DB, "CREATE TABLE " + DB + ".runs (id INT AUTO_INCREMENT PRIMARY KEY)",
                "SET SESSION time_zone = '+09:00'",
                "SET SESSION sql_mode = 'ANSI_QUOTES'",
                "CREATE EVENT " + DB + ".nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' ENDS '2031-01-01 03:00:00'"
                        + " DO INSERT INTO " + DB + ".runs VALUES (NULL)",
                "SET SESSION sql_mode = DEFAULT",
                "CREATE EVENT " + DB + ".paused ON SCHEDULE EVERY 1 HOUR DISABLE DO DELETE FROM " + DB + ".runs");
        String source = events(src);
        assertThat(source).contains("nightly|ENABLED|1|DAY|2030-01-01 03:00:00|2031-01-01 03:00:00|").contains("ANSI_QUOTES|+09:00")
                .contains("paused|DISABLED|");
        String onTheCopy = source.replace("nightly|ENABLED|", "nightly|SLAVESIDE_DISABLED|");

        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases(DB).build(), new DirectCopySink(replica));
        assertThat(events(rep)).isEqualTo(onTheCopy);

        Path file = Files.createTempDirectory("evt").resolve("e.sql");
        Snapshotter.snapshot(endpoint(src), SnapshotOptions.builder().databases(DB).build(), DumpFileSink.of(file));
        CopyTargets.cleared(sandbox, DB);
        Restorer.restore(replica, file, RestoreOptions.defaults());
        assertThat(events(rep)).isEqualTo(onTheCopy);
    }
}
