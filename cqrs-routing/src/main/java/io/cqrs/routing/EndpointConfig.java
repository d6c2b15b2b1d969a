package io.cqrs.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One server the router can borrow connections from.
 *
 * @param name              unique, used in logs, errors, metrics and pool names ("source", "replica-1")
 * @param jdbcUrl           JDBC URL of the server
 * @param username          user name, may be null when the URL carries it
 * @param password          password, may be null; never printed ({@link #toString()} masks it)
 * @param weight            relative share for weighted selectors, 1..1000 (ignored for the source)
 * @param hikariProperties  extra HikariCP properties for this endpoint's pool, by HikariConfig
 *                          property name ({@code maxLifetime}, {@code dataSource.useLocalSessionState}, ...)
 */
public record EndpointConfig(String name, String jdbcUrl, String username, String password, int weight,
                             Map<String, String> hikariProperties) {

    /** The weight unless set. */
    public static final int DEFAULT_WEIGHT = 1;
    /** The largest weight. */
    public static final int MAX_WEIGHT = 1000;

    /** Checks that name and URL are present; copies the HikariCP properties. */
    public EndpointConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        hikariProperties = Map.copyOf(hikariProperties == null ? Map.of() : hikariProperties);
    }

    /** A builder for the endpoint called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The same endpoint with other credentials (used when replicas inherit the source's). */
    public EndpointConfig withCredentials(String newUsername, String newPassword) {
        return new EndpointConfig(name, jdbcUrl, newUsername, newPassword, weight, hikariProperties);
    }

    /** Masks the password; prints everything else. */
    @Override
    public String toString() {
        return "EndpointConfig[name=" + name + ", jdbcUrl=" + Masking.maskUrl(jdbcUrl) + ", username=" + username
                + ", password=" + (password == null ? "<none>" : "****") + ", weight=" + weight
                + ", hikariProperties=" + Masking.maskProperties(hikariProperties) + "]";
    }

    /** Builder; {@link #build()} checks what can be checked without the rest of the topology. */
    public static final class Builder {
        private final String name;
        private String jdbcUrl;
        private String username;
        private String password;
        private int weight = DEFAULT_WEIGHT;
        private final Map<String, String> hikari = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** The JDBC URL; required. */
        public Builder jdbcUrl(String url) {
            this.jdbcUrl = url;
            return this;
        }

        /** The user name (or leave it to the URL). */
        public Builder username(String user) {
            this.username = user;
            return this;
        }

        /** The password (or leave it to the URL). */
        public Builder password(String pass) {
            this.password = pass;
            return this;
        }

        /** The weight for weighted selectors, 1..1000. */
        public Builder weight(int w) {
            this.weight = w;
            return this;
        }

        /** An extra HikariCP property, e.g. {@code ("dataSource.useLocalSessionState", "true")}. */
        public Builder hikariProperty(String key, String value) {
            this.hikari.put(key, value);
            return this;
        }

        /** The endpoint, validated. */
        public EndpointConfig build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("endpoint name is empty; give every endpoint a short distinct name such as replica-1");
            }
            if (jdbcUrl == null) {
                throw new IllegalArgumentException("endpoint '" + name + "' has no JDBC URL; set jdbcUrl(...), e.g. jdbc:mysql://db2:3306/app");
            }
            return new EndpointConfig(name, jdbcUrl, username, password, weight, hikari);
        }
    }
}
