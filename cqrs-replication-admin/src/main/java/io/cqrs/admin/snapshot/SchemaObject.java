package io.cqrs.admin.snapshot;

import io.cqrs.admin.internal.TargetSessions;
import io.cqrs.common.dialect.Dialect;

import java.util.ArrayList;
import java.util.List;

/**
 * A view, routine, trigger or event with its {@code SHOW CREATE ...} text and what its creation depends on.
 *
 * @param sqlMode          the sql_mode it was created under (routines, triggers, events), or null
 * @param timeZone         the time zone an event's schedule is written in, or null
 * @param disableOnReplica an event the source runs: created on the copy as {@code DISABLE ON SLAVE}, as
 *                         replication leaves the source's events on a replica (the copy must not run them: its
 *                         writes would be its own transactions); enable it when the copy becomes the source
 */
public record SchemaObject(Kind kind, String database, String name, String createSql, String sqlMode, String timeZone,
                           boolean disableOnReplica) {

    public enum Kind { VIEW, PROCEDURE, FUNCTION, TRIGGER, EVENT }

    /** A view, routine or trigger. */
    public SchemaObject(Kind kind, String database, String name, String createSql, String sqlMode) {
        this(kind, database, name, createSql, sqlMode, null, false);
    }

    /** {@code DROP ... IF EXISTS} for this object. */
    public String dropSql() {
        return "DROP " + kind.name() + " IF EXISTS " + SqlValues.identifier(name);
    }

    /** The session settings to make before {@link #createSql()}. */
    public List<String> before() {
        List<String> out = new ArrayList<>();
        if (sqlMode != null) {
            out.add("SET SESSION sql_mode = " + Dialect.quote(sqlMode));
        }
        if (timeZone != null) {
            out.add("SET SESSION time_zone = " + Dialect.quote(timeZone));
        }
        return out;
    }

    /** What follows {@link #createSql()}: the event disabled on the copy, the copy's session settings back. */
    public List<String> after() {
        List<String> out = new ArrayList<>();
        if (disableOnReplica) {
            out.add("ALTER EVENT " + SqlValues.identifier(name) + " DISABLE ON SLAVE");
        }
        if (timeZone != null) {
            out.add("SET SESSION time_zone = " + TargetSessions.TIME_ZONE);
        }
        if (sqlMode != null) {
            out.add("SET SESSION sql_mode = " + TargetSessions.SQL_MODE);
        }
        return out;
    }
}
