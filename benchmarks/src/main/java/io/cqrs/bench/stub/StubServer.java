package io.cqrs.bench.stub;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the stub "server" answers to the questions the router asks, so that the router's
 * read-your-writes path runs on the stub without I/O: it claims to be MariaDB 10.11, gives every
 * write a new GTID {@code 0-1-N} ({@code SELECT @@last_gtid}), and every replica has applied
 * everything ({@code @@GLOBAL.gtid_slave_pos} is the last GTID handed out, waits return 0 at
 * once). All other queries answer 42.
 */
public final class StubServer {

    public static final String VERSION = "10.11.5-MariaDB-stub";

    private static final AtomicLong SEQ = new AtomicLong();

    private StubServer() {
    }

    /** Cheap filter: the application's queries in the benchmarks never start with "SELECT @" / "SELECT V" / ... */
    static boolean isQuestion(String sql) {
        return sql != null && sql.length() > 8 && switch (sql.charAt(7)) {
            case '@', 'V', 'G', 'M', 'W' -> true;
            default -> false;
        };
    }

    static String answer(String sql) {
        if (sql.startsWith("SELECT VERSION()")) {
            return VERSION;
        }
        if (sql.contains("@@last_gtid")) {
            return "0-1-" + SEQ.incrementAndGet();
        }
        if (sql.contains("gtid_slave_pos") || sql.contains("gtid_binlog_pos") || sql.contains("gtid_current_pos")) {
            return "0-1-" + SEQ.get();
        }
        return "42";
    }

    static long answerLong(String sql) {
        if (sql.contains("GTID_SUBSET")) {
            return 1;
        }
        if (sql.contains("WAIT")) {
            return 0;
        }
        return 42;
    }

    /** The last GTID handed out, e.g. {@code 0-1-17}. */
    public static String lastGtid() {
        return "0-1-" + SEQ.get();
    }
}
