package io.cqrs.admin.snapshot;

/** A view, routine or trigger with its {@code SHOW CREATE ...} text. */
public record SchemaObject(Kind kind, String database, String name, String createSql, String sqlMode) {

    public enum Kind { VIEW, PROCEDURE, FUNCTION, TRIGGER }

    /** {@code DROP ... IF EXISTS} for this object. */
    public String dropSql() {
        return "DROP " + kind.name() + " IF EXISTS " + SqlValues.identifier(name);
    }
}
