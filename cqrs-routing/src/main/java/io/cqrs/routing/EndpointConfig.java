package io.cqrs.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One server the router can borrow connections from: {@code cqrs.source.*} or
 * {@code cqrs.replicas[N].*}. Immutable; build it with {@link #builder(String)}. What depends on
 * its place in the topology (the name's uniqueness, the weight's range, the HikariCP properties)
 * is checked when the {@link RoutingConfig} is built, with the key of that place
 * ({@code cqrs.replicas[1].weight}).
 */
public final class EndpointConfig {

    /** Key prefix of the source: {@code cqrs.source.<suffix>}. */
    public static final String SOURCE_PREFIX = "cqrs.source";
    public static final String KEY_NAME = "name";
    public static final String KEY_URL = "url";
    public static final String KEY_USERNAME = "username";
    public static final String KEY_PASSWORD = "password";
    public static final String KEY_PASSWORD_FILE = "password-file";
    public static final String KEY_PASSWORD_ENV = "password-env";
    public static final String KEY_WEIGHT = "weight";
    /** {@code <prefix>.hikari.<HikariConfig property>}. */
    public static final String KEY_HIKARI = "hikari.";

    public static final int DEFAULT_WEIGHT = 1;
    public static final int MAX_WEIGHT = 1000;

    private final String name;
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final int weight;
    private final Map<String, String> hikariProperties;

    private EndpointConfig(String name, String jdbcUrl, String username, String password, int weight,
                           Map<String, String> hikariProperties) {
        this.name = name;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.weight = weight;
        this.hikariProperties = Map.copyOf(hikariProperties);
    }

    /** Key prefix of replica {@code index} (from 0): {@code cqrs.replicas[index]}. */
    public static String replicaPrefix(int index) {
        return "cqrs.replicas[" + index + "]";
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding {@code base}'s values. */
    public static Builder from(EndpointConfig base) {
        Builder b = new Builder(base.name).jdbcUrl(base.jdbcUrl).username(base.username).password(base.password)
                .weight(base.weight);
        base.hikariProperties.forEach(b::hikariProperty);
        return b;
    }

    /** Unique, used in logs, errors, metrics and pool names ("source", "replica-1"). */
    public String name() {
        return name;
    }

    /** {@code .url}: JDBC URL of the server. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** {@code .username}, may be null when the URL carries it (a replica without credentials takes the source's). */
    public String username() {
        return username;
    }

    /** {@code .password} (or {@code .password-file}, {@code .password-env}); never printed. */
    public String password() {
        return password;
    }

    /** {@code .weight}: relative share for weighted selectors, 1..1000 (ignored for the source). */
    public int weight() {
        return weight;
    }

    /** {@code .hikari.*}: extra HikariCP properties for this endpoint's pool, by HikariConfig property name. */
    public Map<String, String> hikariProperties() {
        return hikariProperties;
    }

    /** The same endpoint with other credentials (replicas without their own take the source's). */
    public EndpointConfig withCredentials(String newUsername, String newPassword) {
        return new EndpointConfig(name, jdbcUrl, newUsername, newPassword, weight, hikariProperties);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndpointConfig e && name.equals(e.name) && jdbcUrl.equals(e.jdbcUrl)
                && Objects.equals(username, e.username) && Objects.equals(password, e.password) && weight == e.weight
                && hikariProperties.equals(e.hikariProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, jdbcUrl, username, weight, hikariProperties);
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

        public Builder jdbcUrl(String url) {
            this.jdbcUrl = url;
            return this;
        }

        public Builder username(String user) {
            this.username = user;
            return this;
        }

        public Builder password(String pass) {
            this.password = pass;
            return this;
        }

        public Builder weight(int w) {
            this.weight = w;
            return this;
        }

        /** An extra HikariCP property, e.g. {@code ("dataSource.useLocalSessionState", "true")}. */
        public Builder hikariProperty(String key, String value) {
            this.hikari.put(Objects.requireNonNull(key, "key"), value);
            return this;
        }

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
