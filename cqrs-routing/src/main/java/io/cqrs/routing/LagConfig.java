package io.cqrs.routing;

import io.cqrs.routing.lag.LagProbe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Replica lag monitoring ({@code cqrs.lag.*}): one background monitor per DataSource probes every
 * replica and publishes what it measured; a replica whose lag exceeds {@link #maxLag()} gets no
 * reads until its lag is at most {@code maxLag × (1 − hysteresis)}. Immutable; build it with
 * {@link #custom()}, or take {@link #ofDefaults()} / {@link #disabled()}.
 */
public final class LagConfig {

    public static final String KEY_ENABLED = "cqrs.lag.enabled";
    public static final String KEY_PROBES = "cqrs.lag.probes";
    public static final String KEY_HEARTBEAT_TABLE = "cqrs.lag.heartbeat-table";
    public static final String KEY_HEARTBEAT_WRITER = "cqrs.lag.heartbeat-writer";
    public static final String KEY_INTERVAL_MS = "cqrs.lag.interval-ms";
    public static final String KEY_MAX_LAG_MS = "cqrs.lag.max-lag-ms";
    public static final String KEY_HYSTERESIS = "cqrs.lag.hysteresis";
    public static final String KEY_FAILURE_THRESHOLD = "cqrs.lag.failure-threshold";
    public static final String KEY_PROBE_TIMEOUT_MS = "cqrs.lag.probe-timeout-ms";

    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    public static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(5);
    public static final double DEFAULT_HYSTERESIS = 0.5;
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofMillis(500);
    public static final Duration MIN_PROBE_TIMEOUT = Duration.ofMillis(50);
    public static final String DEFAULT_HEARTBEAT_TABLE = "cqrs.heartbeat";

    /** Built-in probes ({@value #KEY_PROBES}: {@code heartbeat}, {@code gtid}, {@code status}). */
    public enum ProbeKind {
        /** pt-heartbeat table, sub-second. */
        HEARTBEAT,
        /** GTID positions of source and replica. */
        GTID,
        /** {@code Seconds_Behind_Source}: whole seconds, last resort. */
        STATUS;

        /** The property spelling ({@code heartbeat}). */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final LagConfig DEFAULTS = custom().build();
    private static final LagConfig DISABLED = custom().enabled(false).build();

    private final boolean enabled;
    private final List<ProbeKind> probes;
    private final String heartbeatTable;
    private final boolean heartbeatWriter;
    private final Duration interval;
    private final Duration maxLag;
    private final double hysteresis;
    private final int failureThreshold;
    private final Duration probeTimeout;
    private final Function<EndpointConfig, List<LagProbe>> customProbes;

    private LagConfig(Builder b, List<ProbeKind> probes) {
        this.enabled = b.enabled;
        this.probes = probes;
        this.heartbeatTable = b.heartbeatTable;
        this.heartbeatWriter = b.heartbeatWriter;
        this.interval = b.interval;
        this.maxLag = b.maxLag;
        this.hysteresis = b.hysteresis;
        this.failureThreshold = b.failureThreshold;
        this.probeTimeout = b.probeTimeout;
        this.customProbes = b.customProbes;
    }

    public static LagConfig ofDefaults() {
        return DEFAULTS;
    }

    /** No lag monitoring: every active replica with a closed breaker is eligible. */
    public static LagConfig disabled() {
        return DISABLED;
    }

    public static Builder custom() {
        return new Builder();
    }

    /** A builder holding {@code base}'s values. */
    public static Builder from(LagConfig base) {
        Builder b = new Builder();
        b.enabled = base.enabled;
        b.probes = base.probes;
        b.heartbeatTable = base.heartbeatTable;
        b.heartbeatWriter = base.heartbeatWriter;
        b.interval = base.interval;
        b.maxLag = base.maxLag;
        b.hysteresis = base.hysteresis;
        b.failureThreshold = base.failureThreshold;
        b.probeTimeout = base.probeTimeout;
        b.customProbes = base.customProbes;
        return b;
    }

    /** {@value #KEY_ENABLED}: default true (the monitor only runs when replicas exist). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * {@value #KEY_PROBES}: the chain tried in order, first answer wins; default {@code gtid,status},
     * or {@code heartbeat,gtid,status} with the heartbeat writer on.
     */
    public List<ProbeKind> probes() {
        return probes;
    }

    /** {@value #KEY_HEARTBEAT_TABLE}: pt-heartbeat compatible table, default {@code cqrs.heartbeat}. */
    public String heartbeatTable() {
        return heartbeatTable;
    }

    /** {@value #KEY_HEARTBEAT_WRITER}: write the heartbeat row on the source every interval (default false). */
    public boolean heartbeatWriter() {
        return heartbeatWriter;
    }

    /** {@value #KEY_INTERVAL_MS}: probe interval, default 500 ms, at least 10 ms. */
    public Duration interval() {
        return interval;
    }

    /** {@value #KEY_MAX_LAG_MS}: replicas lagging more get no reads, default 5 s. */
    public Duration maxLag() {
        return maxLag;
    }

    /** {@value #KEY_HYSTERESIS}: fraction in [0, 1), default 0.5; back at or below max-lag × (1 − hysteresis). */
    public double hysteresis() {
        return hysteresis;
    }

    /** The lag at or below which an excluded replica is eligible again: {@code maxLag × (1 − hysteresis)}. */
    public Duration resumeLag() {
        return Duration.ofNanos((long) (maxLag.toNanos() * (1 - hysteresis)));
    }

    /** {@value #KEY_FAILURE_THRESHOLD}: probe failures in a row after which the lag is unknown (excluded), default 3. */
    public int failureThreshold() {
        return failureThreshold;
    }

    /**
     * {@value #KEY_PROBE_TIMEOUT_MS}: how long a replica may take to answer a probe (connect and
     * query, its monitor connection's network timeout), default 500 ms. A replica whose own
     * connection fails or does not answer in time is unresponsive: excluded at once, whatever
     * {@link #failureThreshold()}, and back as soon as a probe answers again.
     */
    public Duration probeTimeout() {
        return probeTimeout;
    }

    /** Your own probe chain per replica, replacing {@link #probes()}; null for the built-in chain. */
    public Function<EndpointConfig, List<LagProbe>> customProbes() {
        return customProbes;
    }

    /**
     * The rule for {@value #KEY_HEARTBEAT_TABLE} ({@code table} or {@code schema.table}: letters,
     * digits, {@code _} and {@code $}, since the name goes into SQL text); the heartbeat probe and
     * writer apply it too.
     *
     * @return {@code table}
     * @throws IllegalArgumentException naming the key and echoing the value
     */
    public static String checkHeartbeatTable(String table) {
        if (table == null || !table.matches("[A-Za-z0-9_$]+(\\.[A-Za-z0-9_$]+)?")) {
            throw ConfigError.of(KEY_HEARTBEAT_TABLE, "'" + table + "'", "is not a table name;"
                    + " use table or schema.table (letters, digits, _ and $), e.g. " + DEFAULT_HEARTBEAT_TABLE);
        }
        return table;
    }

    static String names(List<ProbeKind> kinds) {
        return String.join(",", kinds.stream().map(ProbeKind::key).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LagConfig l && enabled == l.enabled && probes.equals(l.probes)
                && heartbeatTable.equals(l.heartbeatTable) && heartbeatWriter == l.heartbeatWriter
                && interval.equals(l.interval) && maxLag.equals(l.maxLag) && hysteresis == l.hysteresis
                && failureThreshold == l.failureThreshold && probeTimeout.equals(l.probeTimeout) && Objects.equals(customProbes, l.customProbes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, probes, heartbeatTable, heartbeatWriter, interval, maxLag, hysteresis, failureThreshold, probeTimeout);
    }

    @Override
    public String toString() {
        return "LagConfig[enabled=" + enabled + ", probes=" + (customProbes != null ? "custom" : names(probes))
                + ", heartbeatTable=" + heartbeatTable + ", heartbeatWriter=" + heartbeatWriter + ", interval="
                + interval.toMillis() + "ms, maxLag=" + maxLag.toMillis() + "ms, hysteresis=" + hysteresis
                + ", failureThreshold=" + failureThreshold + ", probeTimeout=" + probeTimeout.toMillis() + "ms]";
    }

    /** Builder; setters check their value at once, {@link #build()} what depends on several. */
    public static final class Builder {
        private boolean enabled = true;
        private List<ProbeKind> probes = List.of();
        private String heartbeatTable = DEFAULT_HEARTBEAT_TABLE;
        private boolean heartbeatWriter;
        private Duration interval = DEFAULT_INTERVAL;
        private Duration maxLag = DEFAULT_MAX_LAG;
        private double hysteresis = DEFAULT_HYSTERESIS;
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
        private Function<EndpointConfig, List<LagProbe>> customProbes;

        private Builder() {
        }

        /** {@value LagConfig#KEY_ENABLED}. */
        public Builder enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        /** {@value LagConfig#KEY_PROBES}; empty for the default chain. */
        public Builder probes(List<ProbeKind> chain) {
            this.probes = chain == null ? List.of() : List.copyOf(chain);
            return this;
        }

        public Builder probes(ProbeKind... chain) {
            return probes(List.of(chain));
        }

        /** {@value LagConfig#KEY_HEARTBEAT_TABLE}: {@code table} or {@code schema.table}. */
        public Builder heartbeatTable(String table) {
            this.heartbeatTable = checkHeartbeatTable(table);
            return this;
        }

        /** {@value LagConfig#KEY_HEARTBEAT_WRITER}. */
        public Builder heartbeatWriter(boolean on) {
            this.heartbeatWriter = on;
            return this;
        }

        /** {@value LagConfig#KEY_INTERVAL_MS}. */
        public Builder interval(Duration d) {
            if (d == null || d.compareTo(MIN_INTERVAL) < 0) {
                throw ConfigError.ofMillis(KEY_INTERVAL_MS, d, "is too short; use at least " + MIN_INTERVAL.toMillis()
                        + " (default " + DEFAULT_INTERVAL.toMillis() + ")");
            }
            this.interval = d;
            return this;
        }

        /** {@value LagConfig#KEY_MAX_LAG_MS}. */
        public Builder maxLag(Duration d) {
            this.maxLag = ConfigError.nonNegative(KEY_MAX_LAG_MS, d, DEFAULT_MAX_LAG);
            return this;
        }

        /** {@value LagConfig#KEY_HYSTERESIS}. */
        public Builder hysteresis(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw ConfigError.of(KEY_HYSTERESIS, fraction, "is out of range; use a fraction of max-lag in [0, 1),"
                        + " e.g. 0.5 (0 turns hysteresis off)");
            }
            this.hysteresis = fraction;
            return this;
        }

        /** {@value LagConfig#KEY_FAILURE_THRESHOLD}. */
        public Builder failureThreshold(int failures) {
            this.failureThreshold = ConfigError.atLeast(KEY_FAILURE_THRESHOLD, failures, 1, DEFAULT_FAILURE_THRESHOLD);
            return this;
        }

        /** {@value LagConfig#KEY_PROBE_TIMEOUT_MS}. */
        public Builder probeTimeout(Duration d) {
            if (d == null || d.compareTo(MIN_PROBE_TIMEOUT) < 0) {
                throw ConfigError.ofMillis(KEY_PROBE_TIMEOUT_MS, d, "is too short; use at least " + MIN_PROBE_TIMEOUT.toMillis()
                        + " (default " + DEFAULT_PROBE_TIMEOUT.toMillis() + ")");
            }
            this.probeTimeout = d;
            return this;
        }

        /** Your own probe chain per replica instead of {@link #probes}. */
        public Builder customProbes(Function<EndpointConfig, List<LagProbe>> factory) {
            this.customProbes = factory;
            return this;
        }

        public LagConfig build() {
            List<ProbeKind> chain = probes.isEmpty()
                    ? (heartbeatWriter ? List.of(ProbeKind.HEARTBEAT, ProbeKind.GTID, ProbeKind.STATUS)
                    : List.of(ProbeKind.GTID, ProbeKind.STATUS))
                    : probes;
            if (heartbeatWriter && !chain.contains(ProbeKind.HEARTBEAT) && customProbes == null) {
                throw ConfigError.of(KEY_HEARTBEAT_WRITER, true, "but " + KEY_PROBES + " = " + names(chain)
                        + " does not read the heartbeat; add heartbeat to " + KEY_PROBES + " or turn the writer off");
            }
            return new LagConfig(this, chain);
        }
    }
}
