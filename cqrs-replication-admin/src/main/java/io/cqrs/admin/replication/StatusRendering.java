package io.cqrs.admin.replication;

import io.cqrs.admin.internal.Json;
import java.util.ArrayList;
import java.util.List;

/** JSON and table text of a {@link ReplicationStatus}; no JSON library, strings escaped per RFC 8259. */
final class StatusRendering {

    private StatusRendering() {
    }

    static String json(ReplicationStatus s, List<String> problems) {
        StringBuilder sb = new StringBuilder(512).append('{');
        field(sb, "configured", s.configured());
        field(sb, "healthy", problems.isEmpty());
        sb.append("\"problems\":[");
        for (int i = 0; i < problems.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(sb, problems.get(i));
        }
        sb.append("],");
        field(sb, "ioThread", s.ioThread().name());
        field(sb, "sqlThreadRunning", s.sqlThreadRunning());
        sb.append("\"secondsBehindSource\":")
                .append(s.secondsBehindSource().isPresent() ? Long.toString(s.secondsBehindSource().getAsLong()) : "null")
                .append(',');
        field(sb, "sourceHost", s.sourceHost());
        field(sb, "sourcePort", s.sourcePort());
        field(sb, "lastIoErrno", s.lastIoErrno());
        field(sb, "lastIoError", s.lastIoError());
        field(sb, "lastSqlErrno", s.lastSqlErrno());
        field(sb, "lastSqlError", s.lastSqlError());
        field(sb, "retrievedGtidSet", s.retrievedGtidSet());
        field(sb, "executedGtidSet", s.executedGtidSet());
        field(sb, "autoPosition", s.autoPosition());
        field(sb, "usingGtid", s.usingGtid());
        field(sb, "gtidIoPos", s.gtidIoPos());
        field(sb, "gtidSlavePos", s.gtidSlavePos());
        field(sb, "sqlThreadState", s.sqlThreadState());
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        string(sb, name);
        sb.append(':');
        if (value == null) {
            sb.append("null");
        } else {
            string(sb, value);
        }
        sb.append(',');
    }

    private static void field(StringBuilder sb, String name, boolean value) {
        string(sb, name);
        sb.append(':').append(value).append(',');
    }

    private static void field(StringBuilder sb, String name, int value) {
        string(sb, name);
        sb.append(':').append(value).append(',');
    }

    static void string(StringBuilder sb, String s) {
        Json.string(sb, s);
    }

    static String table(ReplicationStatus s, List<String> problems) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Healthy", problems.isEmpty() ? "yes" : "no"});
        for (String problem : problems) {
            rows.add(new String[] {"Problem", problem});
        }
        if (s.configured()) {
            rows.add(new String[] {"Replica_IO_Running", display(s.ioThread())});
            rows.add(new String[] {"Replica_SQL_Running", s.sqlThreadRunning() ? "Yes" : "No"});
            rows.add(new String[] {"Seconds_Behind_Source",
                    s.secondsBehindSource().isPresent() ? Long.toString(s.secondsBehindSource().getAsLong()) : "NULL"});
            rows.add(new String[] {"Source", (s.sourceHost() == null ? "?" : s.sourceHost()) + ":" + s.sourcePort()});
            rows.add(new String[] {"Last_IO_Error", error(s.lastIoErrno(), s.lastIoError())});
            rows.add(new String[] {"Last_SQL_Error", error(s.lastSqlErrno(), s.lastSqlError())});
            rows.add(new String[] {"Auto_Position", s.autoPosition() ? "Yes" : "No"});
            optional(rows, "Using_Gtid", s.usingGtid());
            optional(rows, "Retrieved_Gtid_Set", s.retrievedGtidSet());
            optional(rows, "Executed_Gtid_Set", s.executedGtidSet());
            optional(rows, "Gtid_IO_Pos", s.gtidIoPos());
            optional(rows, "Gtid_Slave_Pos", s.gtidSlavePos());
            optional(rows, "Replica_SQL_Running_State", s.sqlThreadState());
        }
        int width = "Field".length();
        for (String[] row : rows) {
            width = Math.max(width, row[0].length());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, width, "Field", "Value");
        line(sb, width, "-".repeat(width), "-----");
        for (String[] row : rows) {
            line(sb, width, row[0], row[1]);
        }
        return sb.toString();
    }

    private static String display(ReplicationStatus.IoThreadState state) {
        return switch (state) {
            case YES -> "Yes";
            case NO -> "No";
            case CONNECTING -> "Connecting";
        };
    }

    private static String error(int errno, String message) {
        boolean none = errno == 0 && (message == null || message.isBlank());
        return none ? "" : errno + ": " + (message == null ? "" : message);
    }

    private static void optional(List<String[]> rows, String name, String value) {
        if (value != null) {
            rows.add(new String[] {name, value});
        }
    }

    private static void line(StringBuilder sb, int width, String field, String value) {
        String oneLine = value.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        sb.append(field);
        if (!oneLine.isEmpty()) {
            sb.append(" ".repeat(width - field.length() + 2)).append(oneLine);
        }
        sb.append('\n');
    }
}
