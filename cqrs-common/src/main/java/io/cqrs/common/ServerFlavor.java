package io.cqrs.common;

/** The server family. Decided from {@code SELECT VERSION()}, never from JDBC metadata. */
public enum ServerFlavor {
    MYSQL("MySQL"),
    MARIADB("MariaDB");

    private final String displayName;

    ServerFlavor(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
