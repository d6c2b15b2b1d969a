package io.cqrs.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * Roles from the servers ({@code cqrs.discovery.*}): a background probe asks every known server
 * its role ({@code read_only}, whether and from where it replicates) and the source for its
 * replicas ({@code SHOW REPLICAS} / {@code SHOW SLAVE HOSTS}), and the router follows what it
 * finds — replicas that appear take reads, replicas that leave are drained, a new source takes
 * the writes. The configured source and replicas are the seeds. Off by default: without it the
 * configured roles are fixed, as before. Immutable; build it with {@link #custom()}.
 */
public final class DiscoveryConfig {

    public static final String KEY_ENABLED = "cqrs.discovery.enabled";
    public static final String KEY_INTERVAL_MS = "cqrs.discovery.interval-ms";
    public static final String KEY_WRITE_WAIT_MS = "cqrs.discovery.write-wait-ms";
    public static final String KEY_URL_TEMPLATE = "cqrs.discovery.url-template";

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_WRITE_WAIT = Duration.ofSeconds(5);
    /** The placeholders of {@value #KEY_URL_TEMPLATE}. */
    public static final String HOST = "{host}";
    public static final String PORT = "{port}";

    private static final DiscoveryConfig DEFAULTS = custom().build();

    private final boolean enabled;
    private final Duration interval;
    private final Duration writeWait;
    private final String urlTemplate;

    private DiscoveryConfig(Builder b) {
        this.enabled = b.enabled;
        this.interval = b.interval;
        this.writeWait = b.writeWait;
        this.urlTemplate = b.urlTemplate;
    }

    /** Discovery off. */
    public static DiscoveryConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(DiscoveryConfig base) {
        return new Builder().enabled(base.enabled).interval(base.interval).writeWait(base.writeWait).urlTemplate(base.urlTemplate);
    }

    /** {@value #KEY_ENABLED}: follow the servers' roles (default false: the configured roles are fixed). */
    public boolean enabled() {
        return enabled;
    }

    /** {@value #KEY_INTERVAL_MS}: how often every known server is asked its role (default 500 ms). */
    public Duration interval() {
        return interval;
    }

    /**
     * {@value #KEY_WRITE_WAIT_MS}: how long a write whose first statement the source refused as
     * read-only (errors 1290, 1836) waits for the probe to find a new source before the refusal
     * reaches the caller (default 5000 ms; 0 never waits).
     */
    public Duration writeWait() {
        return writeWait;
    }

    /**
     * {@value #KEY_URL_TEMPLATE}: the JDBC URL of a server found by discovery, with {@value #HOST}
     * and {@value #PORT}; null (default) takes the source's URL with its host and port replaced.
     */
    public String urlTemplate() {
        return urlTemplate;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DiscoveryConfig d && enabled == d.enabled && interval.equals(d.interval)
                && writeWait.equals(d.writeWait) && Objects.equals(urlTemplate, d.urlTemplate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, interval, writeWait, urlTemplate);
    }

    @Override
    public String toString() {
        return "DiscoveryConfig[enabled=" + enabled + ", interval=" + interval.toMillis() + "ms, writeWait="
                + writeWait.toMillis() + "ms, urlTemplate=" + urlTemplate + "]";
    }

    /** Builder; setters check their value at once. */
    public static final class Builder {
        private boolean enabled;
        private Duration interval = DEFAULT_INTERVAL;
        private Duration writeWait = DEFAULT_WRITE_WAIT;
        private String urlTemplate;

        private Builder() {
        }

        /** {@value DiscoveryConfig#KEY_ENABLED}. */
        public Builder enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        /** {@value DiscoveryConfig#KEY_INTERVAL_MS}. */
        public Builder interval(Duration every) {
            if (every == null || every.toMillis() < 10) {
                throw ConfigError.ofMillis(KEY_INTERVAL_MS, every, "is invalid; use at least 10 milliseconds (default "
                        + DEFAULT_INTERVAL.toMillis() + ")");
            }
            this.interval = every;
            return this;
        }

        /** {@value DiscoveryConfig#KEY_WRITE_WAIT_MS}. */
        public Builder writeWait(Duration wait) {
            this.writeWait = ConfigError.nonNegative(KEY_WRITE_WAIT_MS, wait, DEFAULT_WRITE_WAIT);
            return this;
        }

        /** {@value DiscoveryConfig#KEY_URL_TEMPLATE}; null for the source's URL with host and port replaced. */
        public Builder urlTemplate(String template) {
            if (template != null && (!template.startsWith("jdbc:") || !template.contains(HOST) || !template.contains(PORT))) {
                throw ConfigError.of(KEY_URL_TEMPLATE, "'" + template + "'", "is not a URL template; use a JDBC URL with "
                        + HOST + " and " + PORT + ", e.g. jdbc:mysql://{host}:{port}/app?connectTimeout=1000&socketTimeout=5000");
            }
            this.urlTemplate = template;
            return this;
        }

        public DiscoveryConfig build() {
            return new DiscoveryConfig(this);
        }
    }
}
