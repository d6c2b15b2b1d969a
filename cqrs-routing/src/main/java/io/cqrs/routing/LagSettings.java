package io.cqrs.routing;

import io.cqrs.routing.lag.LagProbe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Replica lag monitoring: one background monitor per DataSource probes every replica and
 * publishes an immutable snapshot the read path consults without locking. A replica whose lag
 * exceeds {@code maxLag} is excluded; it comes back once its lag is at most
 * {@code maxLag × (1 − hysteresis)}.
 *
 * @param enabled          {@code cqrs.lag.enabled}: default true (only runs when replicas exist)
 * @param probes           {@code cqrs.lag.probes}: the chain tried in order, first answer wins;
 *                         default {@code gtid,status}, or {@code heartbeat,gtid,status} when the
 *                         heartbeat writer is on
 * @param heartbeatTable   {@code cqrs.lag.heartbeat-table}: pt-heartbeat compatible table,
 *                         default {@code cqrs.heartbeat}
 * @param heartbeatWriter  {@code cqrs.lag.heartbeat-writer}: write the heartbeat row on the source
 *                         every interval (default false: use pt-heartbeat or the GTID probe)
 * @param interval         {@code cqrs.lag.interval-ms}: default 500 ms
 * @param maxLag           {@code cqrs.lag.max-lag-ms}: default 5 s
 * @param hysteresis       {@code cqrs.lag.hysteresis}: fraction in [0, 1), default 0.5
 * @param failureThreshold {@code cqrs.lag.failure-threshold}: probe failures in a row after which
 *                         the lag is unknown and the replica excluded, default 3
 * @param customProbes     replaces {@code probes}: builds the chain for one replica (e.g. your own
 *                         {@link LagProbe}); null for the built-in chain
 */
public record LagSettings(boolean enabled, List<ProbeKind> probes, String heartbeatTable, boolean heartbeatWriter,
                          Duration interval, Duration maxLag, double hysteresis, int failureThreshold,
                          Function<EndpointConfig, List<LagProbe>> customProbes) {

    /** Built-in probes. */
    public enum ProbeKind {
        /** pt-heartbeat table, sub-second. */
        HEARTBEAT,
        /** GTID positions of source and replica. */
        GTID,
        /** {@code Seconds_Behind_Source}: whole seconds, last resort. */
        STATUS;
    }

    /** Default probe interval: 500 ms. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    /** Default lag budget: 5 s. */
    public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(5);
    /** Default hysteresis: a replica comes back at half the lag budget. */
    public static final double DEFAULT_HYSTERESIS = 0.5;
    /** Default probe failures in a row before the lag is unknown: 3. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    /** Default heartbeat table (pt-heartbeat's layout). */
    public static final String DEFAULT_HEARTBEAT_TABLE = "cqrs.heartbeat";

    /** Fills in the default probe chain and checks the values. */
    public LagSettings {
        probes = List.copyOf(probes == null || probes.isEmpty()
                ? (heartbeatWriter ? List.of(ProbeKind.HEARTBEAT, ProbeKind.GTID, ProbeKind.STATUS)
                : List.of(ProbeKind.GTID, ProbeKind.STATUS))
                : probes);
        Objects.requireNonNull(heartbeatTable, "cqrs.lag.heartbeat-table");
        if (!heartbeatTable.matches("[A-Za-z0-9_$]+(\\.[A-Za-z0-9_$]+)?")) {
            throw new IllegalArgumentException("cqrs.lag.heartbeat-table = '" + heartbeatTable + "' is not a table name;"
                    + " use table or schema.table (letters, digits, _ and $), e.g. cqrs.heartbeat");
        }
        if (interval == null || interval.toMillis() < 10) {
            throw new IllegalArgumentException("cqrs.lag.interval-ms = " + millis(interval) + " is too short;"
                    + " use at least 10 (default " + DEFAULT_INTERVAL.toMillis() + ")");
        }
        if (maxLag == null || maxLag.isNegative()) {
            throw new IllegalArgumentException("cqrs.lag.max-lag-ms = " + millis(maxLag) + " is invalid;"
                    + " use 0 or more milliseconds (default " + DEFAULT_MAX_LAG.toMillis() + ")");
        }
        if (!(hysteresis >= 0 && hysteresis < 1)) {
            throw new IllegalArgumentException("cqrs.lag.hysteresis = " + hysteresis + " is out of range;"
                    + " use a fraction of max-lag in [0, 1), e.g. 0.5 (0 turns hysteresis off)");
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("cqrs.lag.failure-threshold = " + failureThreshold
                    + " is invalid; use at least 1 (default " + DEFAULT_FAILURE_THRESHOLD + ")");
        }
        if (heartbeatWriter && !probes.contains(ProbeKind.HEARTBEAT) && customProbes == null) {
            throw new IllegalArgumentException("cqrs.lag.heartbeat-writer = true but cqrs.lag.probes = " + names(probes)
                    + " does not read the heartbeat; add heartbeat to cqrs.lag.probes or turn the writer off");
        }
    }

    /** The defaults: monitoring on, {@code gtid,status} probes every 500 ms, 5 s budget. */
    public static LagSettings defaults() {
        return builder().build();
    }

    /** No lag monitoring: every active replica with a closed breaker is eligible. */
    public static LagSettings disabled() {
        return builder().enabled(false).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().enabled(enabled).probes(probes).heartbeatTable(heartbeatTable).heartbeatWriter(heartbeatWriter)
                .interval(interval).maxLag(maxLag).hysteresis(hysteresis).failureThreshold(failureThreshold)
                .customProbes(customProbes);
    }

    static String names(List<ProbeKind> kinds) {
        return String.join(",", kinds.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
    }

    private static String millis(Duration d) {
        return d == null ? "null" : Long.toString(d.toMillis());
    }

    @Override
    public String toString() {
        return "LagSettings[enabled=" + enabled + ", probes=" + (customProbes != null ? "custom" : names(probes))
                + ", heartbeatTable=" + heartbeatTable + ", heartbeatWriter=" + heartbeatWriter + ", interval="
                + interval.toMillis() + "ms, maxLag=" + maxLag.toMillis() + "ms, hysteresis=" + hysteresis
                + ", failureThreshold=" + failureThreshold + "]";
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private boolean enabled = true;
        private List<ProbeKind> probes = List.of();
        private String heartbeatTable = DEFAULT_HEARTBEAT_TABLE;
        private boolean heartbeatWriter;
        private Duration interval = DEFAULT_INTERVAL;
        private Duration maxLag = DEFAULT_MAX_LAG;
        private double hysteresis = DEFAULT_HYSTERESIS;
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private Function<EndpointConfig, List<LagProbe>> customProbes;

        private Builder() {
        }

        /** {@code cqrs.lag.enabled}. */
        public Builder enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        /** {@code cqrs.lag.probes}: the probe chain, first answer wins. */
        public Builder probes(List<ProbeKind> chain) {
            this.probes = chain == null ? List.of() : chain;
            return this;
        }

        /** {@code cqrs.lag.probes}: the probe chain, first answer wins. */
        public Builder probes(ProbeKind... chain) {
            return probes(List.of(chain));
        }

        /** {@code cqrs.lag.heartbeat-table}. */
        public Builder heartbeatTable(String table) {
            this.heartbeatTable = table;
            return this;
        }

        /** {@code cqrs.lag.heartbeat-writer}: write the heartbeat row on the source. */
        public Builder heartbeatWriter(boolean on) {
            this.heartbeatWriter = on;
            return this;
        }

        /** {@code cqrs.lag.interval-ms}. */
        public Builder interval(Duration d) {
            this.interval = d;
            return this;
        }

        /** {@code cqrs.lag.max-lag-ms}. */
        public Builder maxLag(Duration d) {
            this.maxLag = d;
            return this;
        }

        /** {@code cqrs.lag.hysteresis}: fraction in [0, 1). */
        public Builder hysteresis(double fraction) {
            this.hysteresis = fraction;
            return this;
        }

        /** {@code cqrs.lag.failure-threshold}. */
        public Builder failureThreshold(int failures) {
            this.failureThreshold = failures;
            return this;
        }

        /** Your own probe chain per replica instead of {@link #probes}. */
        public Builder customProbes(Function<EndpointConfig, List<LagProbe>> factory) {
            this.customProbes = factory;
            return this;
        }

        /** The settings, validated. */
        public LagSettings build() {
            return new LagSettings(enabled, probes, heartbeatTable, heartbeatWriter, interval, maxLag, hysteresis,
                    failureThreshold, customProbes);
        }
    }
}
