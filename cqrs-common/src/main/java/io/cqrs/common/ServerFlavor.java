package io.cqrs.common;

/** The server family. Decided from {@code SELECT VERSION()}, never from JDBC metadata. */
public enum ServerFlavor {
    /** MySQL (Oracle) servers. */
    MYSQL("MySQL"),
    /** MariaDB servers. */
    MARIADB("MariaDB");

    private final String displayName;

    ServerFlavor(String displayName) {
        this.displayName = displayName;
    }

    /** The name for people: "MySQL" or "MariaDB". */
    public String displayName() {
        return displayName;
    }
}
