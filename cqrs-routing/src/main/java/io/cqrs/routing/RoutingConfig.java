package io.cqrs.routing;

import io.cqrs.routing.fallback.SpillConfig;
import io.cqrs.routing.health.BreakerConfig;
import io.cqrs.routing.health.FailureClassifier;
import io.cqrs.routing.internal.ConfigValidation;
import io.cqrs.routing.internal.PropertiesParser;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Everything a {@link RoutingDataSource} needs, immutable and validated once on construction.
 * Build it with {@link #builder()} or {@link #fromProperties(Properties)}. Error messages name
 * the property ({@code cqrs.replicas[1].weight}), echo the bad value (never a password) and say
 * the fix. {@link #toString()} masks passwords.
 *
 * @param source               the source (write) server
 * @param replicas             the replicas, in order (may be empty: then every read goes to the source)
 * @param pool                 pool sizing for every endpoint
 * @param selector             how a replica is chosen among the eligible ones
 * @param fallbackToSource     {@code cqrs.routing.fallback-to-source}: reads go to the source when no
 *                             replica can serve them (default true); false makes such reads fail
 * @param replicaPoolsReadOnly {@code cqrs.routing.replica-pools-read-only}: replica pools hand out
 *                             read-only connections (HikariCP {@code readOnly}), so no per-borrow
 *                             SET is needed (default true)
 * @param listeners            routing listeners, called in order
 * @param commitHook           runs after each write transaction committed on the source, or null
 * @param lag                  replica lag monitoring ({@code cqrs.lag.*})
 * @param breaker              circuit breaker per endpoint ({@code cqrs.breaker.*})
 * @param spill                cap on concurrent fallback reads on the source ({@code cqrs.fallback.*})
 * @param readYourWrites       GTID tokens ({@code cqrs.consistency.*})
 * @param clock                time source of breakers and the lag monitor (tests pass a fake one)
 * @param failureClassifier    which errors are the endpoint's fault (they feed its breaker and let a
 *                             failed first read move); {@link FailureClassifier#defaults()} unless set
 */
public record RoutingConfig(EndpointConfig source, List<EndpointConfig> replicas, PoolSettings pool,
                            ReplicaSelector selector, boolean fallbackToSource, boolean replicaPoolsReadOnly,
                            List<RoutingListener> listeners, CommitHook commitHook, LagSettings lag,
                            BreakerConfig breaker, SpillConfig spill, ReadYourWritesSettings readYourWrites,
                            Clock clock, FailureClassifier failureClassifier) {

    /** Checks the configuration; errors name the property and say the fix. */
    public RoutingConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(spill, "spill");
        Objects.requireNonNull(readYourWrites, "readYourWrites");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(failureClassifier, "failureClassifier");
        replicas = List.copyOf(replicas);
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(selector, "selector");
        listeners = List.copyOf(listeners);
        pool = ConfigValidation.validate(source, replicas, pool);
    }

    /** A builder: a source is required, everything else has defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a configuration from properties. Keys (all under {@code cqrs.}; unknown {@code cqrs.*}
     * keys are rejected so typos surface):
     * <pre>
     * cqrs.source.url                      JDBC URL of the source (required)
     * cqrs.source.name                     default "source"
     * cqrs.source.username
     * cqrs.source.password                 or password-file (path; trailing newline dropped)
     * cqrs.source.password-file            or password-env (name of an environment variable)
     * cqrs.source.password-env
     * cqrs.source.hikari.&lt;property&gt;        extra HikariCP property for this pool
     * cqrs.replicas[N].url                 N = 0, 1, ... without gaps
     * cqrs.replicas[N].name                default "replica-(N+1)"
     * cqrs.replicas[N].username / password / password-file / password-env
     *                                      default: the source's credentials
     * cqrs.replicas[N].weight              1..1000, default 1
     * cqrs.replicas[N].hikari.&lt;property&gt;
     * cqrs.pool.maximum-pool-size          default 10
     * cqrs.pool.minimum-idle               default = maximum-pool-size
     * cqrs.pool.connection-timeout-ms      default 1000, at least 250
     * cqrs.pool.hikari.&lt;property&gt;          extra HikariCP property for every pool
     * cqrs.routing.selector                round-robin (default) | weighted-random | least-in-flight
     * cqrs.routing.fallback-to-source      true (default) | false
     * cqrs.routing.replica-pools-read-only true (default) | false
     * cqrs.lag.enabled                     true (default; runs only when replicas exist) | false
     * cqrs.lag.probes                      chain of heartbeat, gtid, status; default gtid,status
     *                                      (heartbeat,gtid,status with the heartbeat writer on)
     * cqrs.lag.heartbeat-table             default cqrs.heartbeat (pt-heartbeat layout)
     * cqrs.lag.heartbeat-writer            false (default) | true: write the heartbeat on the source
     * cqrs.lag.interval-ms                 default 500
     * cqrs.lag.max-lag-ms                  default 5000: replicas lagging more get no reads
     * cqrs.lag.hysteresis                  default 0.5: back at or below max-lag × (1 − hysteresis)
     * cqrs.lag.failure-threshold           default 3 probe failures in a row → lag unknown → excluded
     * cqrs.breaker.failure-rate-threshold  default 50 (percent of calls in the window)
     * cqrs.breaker.minimum-number-of-calls default 5
     * cqrs.breaker.sliding-window-type     count-based (default) | time-based
     * cqrs.breaker.sliding-window-size     default 20 (calls, or seconds when time-based)
     * cqrs.breaker.wait-in-open-ms         default 5000: then half-open trial traffic
     * cqrs.breaker.half-open-calls         default 3 trial calls
     * cqrs.fallback.max-concurrent         default 16 fallback reads on the source at once
     * cqrs.fallback.mode                   fail-fast (default) | wait
     * cqrs.fallback.max-wait-ms            default 250 (mode wait)
     * cqrs.consistency.capture             true (default) | false: capture GTIDs of committed writes
     * cqrs.consistency.session-tokens      true (default) | false: reads carry the session's token
     * cqrs.consistency.token-wait-ms       default 200: wait for a replica to apply a token, then source
     * </pre>
     * Replica URLs should bound connects and reads so a hung replica fails over quickly, e.g.
     * Connector/J {@code connectTimeout=1000&socketTimeout=5000} (MariaDB Connector/J:
     * {@code connectTimeout} and {@code socketTimeout} likewise); a warning is logged at start when
     * they are missing.
     * Recommended Connector/J properties (via {@code cqrs.pool.hikari.dataSource.*} or the URL):
     * {@code useLocalSessionState=true} (no round trip for redundant autocommit/isolation/read-only
     * sets and getters), {@code cachePrepStmts=true}, {@code rewriteBatchedStatements=true}.
     *
     * @throws IllegalArgumentException naming the property, the bad value and the fix
     */
    public static RoutingConfig fromProperties(Properties properties) {
        return PropertiesParser.parse(properties, System::getenv);
    }

    /** Like {@link #fromProperties(Properties)} with an explicit environment (for tests and embedding). */
    public static RoutingConfig fromProperties(Properties properties, UnaryOperator<String> environment) {
        return PropertiesParser.parse(properties, environment);
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder().source(source).pool(pool).selector(selector).fallbackToSource(fallbackToSource)
                .replicaPoolsReadOnly(replicaPoolsReadOnly).commitHook(commitHook).lag(lag).breaker(breaker)
                .spill(spill).readYourWrites(readYourWrites).clock(clock).failureClassifier(failureClassifier);
        replicas.forEach(b::replica);
        listeners.forEach(b::listener);
        return b;
    }

    /** Masks passwords. */
    @Override
    public String toString() {
        return "RoutingConfig[source=" + source + ", replicas=" + replicas + ", pool=" + pool
                + ", selector=" + selector.getClass().getSimpleName() + ", fallbackToSource=" + fallbackToSource
                + ", replicaPoolsReadOnly=" + replicaPoolsReadOnly + ", listeners=" + listeners.size()
                + ", commitHook=" + (commitHook != null) + ", lag=" + lag + ", breaker=" + breaker + ", spill=" + spill
                + ", readYourWrites=" + readYourWrites + "]";
    }

    /** Builder for {@link RoutingConfig}; {@link #build()} validates. */
    public static final class Builder {
        private EndpointConfig source;
        private final List<EndpointConfig> replicas = new ArrayList<>();
        private int maximumPoolSize = PoolSettings.DEFAULT_MAXIMUM_POOL_SIZE;
        private Integer minimumIdle;
        private Duration connectionTimeout = PoolSettings.DEFAULT_CONNECTION_TIMEOUT;
        private final Map<String, String> poolHikari = new LinkedHashMap<>();
        private ReplicaSelector selector;
        private boolean fallbackToSource = true;
        private boolean replicaPoolsReadOnly = true;
        private FailureClassifier failureClassifier = FailureClassifier.defaults();
        private final List<RoutingListener> listeners = new ArrayList<>();
        private CommitHook commitHook;
        private LagSettings lag = LagSettings.defaults();
        private BreakerConfig breaker = BreakerConfig.ofDefaults();
        private SpillConfig spill = SpillConfig.ofDefaults();
        private ReadYourWritesSettings readYourWrites = ReadYourWritesSettings.defaults();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Replica lag monitoring ({@code cqrs.lag.*}). */
        public Builder lag(LagSettings settings) {
            this.lag = Objects.requireNonNull(settings, "lag");
            return this;
        }

        /** Circuit breakers ({@code cqrs.breaker.*}). */
        public Builder breaker(BreakerConfig config) {
            this.breaker = Objects.requireNonNull(config, "breaker");
            return this;
        }

        /** The cap on fallback reads ({@code cqrs.fallback.*}). */
        public Builder spill(SpillConfig config) {
            this.spill = Objects.requireNonNull(config, "spill");
            return this;
        }

        /** Read-your-writes ({@code cqrs.consistency.*}). */
        public Builder readYourWrites(ReadYourWritesSettings settings) {
            this.readYourWrites = Objects.requireNonNull(settings, "readYourWrites");
            return this;
        }

        /** The clock of breakers and lag monitor; for tests. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** The source; required. */
        public Builder source(EndpointConfig endpoint) {
            this.source = endpoint;
            return this;
        }

        /** The source at this URL, named "source". */
        public Builder source(String jdbcUrl, String username, String password) {
            return source(new EndpointConfig("source", jdbcUrl, username, password, 1, Map.of()));
        }

        /** Adds a replica. Without credentials of its own it uses the source's. */
        public Builder replica(EndpointConfig endpoint) {
            this.replicas.add(endpoint);
            return this;
        }

        /** Adds a replica named "replica-N" (N counting from 1) with the source's credentials. */
        public Builder replica(String jdbcUrl) {
            return replica(new EndpointConfig("replica-" + (replicas.size() + 1), jdbcUrl, null, null, 1, Map.of()));
        }

        /** Pool sizing and HikariCP properties for every endpoint. */
        public Builder pool(PoolSettings settings) {
            this.maximumPoolSize = settings.maximumPoolSize();
            this.minimumIdle = settings.minimumIdle();
            this.connectionTimeout = settings.connectionTimeout();
            this.poolHikari.clear();
            this.poolHikari.putAll(settings.hikariProperties());
            return this;
        }

        /** {@code cqrs.pool.maximum-pool-size}. */
        public Builder maximumPoolSize(int size) {
            this.maximumPoolSize = size;
            return this;
        }

        /** {@code cqrs.pool.minimum-idle}. */
        public Builder minimumIdle(int idle) {
            this.minimumIdle = idle;
            return this;
        }

        /** {@code cqrs.pool.connection-timeout-ms}. */
        public Builder connectionTimeout(Duration timeout) {
            this.connectionTimeout = timeout;
            return this;
        }

        /** An extra HikariCP property for every pool, e.g. {@code ("dataSource.useLocalSessionState", "true")}. */
        public Builder poolHikariProperty(String key, String value) {
            this.poolHikari.put(key, value);
            return this;
        }

        /** How a replica is chosen among the eligible ones. */
        public Builder selector(ReplicaSelector replicaSelector) {
            this.selector = replicaSelector;
            return this;
        }

        /** {@code cqrs.routing.fallback-to-source}. */
        public Builder fallbackToSource(boolean fallback) {
            this.fallbackToSource = fallback;
            return this;
        }

        /** {@code cqrs.routing.replica-pools-read-only}. */
        public Builder replicaPoolsReadOnly(boolean readOnly) {
            this.replicaPoolsReadOnly = readOnly;
            return this;
        }

        /** Adds a routing listener. */
        public Builder listener(RoutingListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Runs after each write transaction committed on the source. */
        public Builder commitHook(CommitHook hook) {
            this.commitHook = hook;
            return this;
        }

        /**
         * Which errors count against an endpoint (breaker, first-read failover); the default counts
         * connection-level failures only (SQLState 08/28, timeouts, socket errors).
         */
        public Builder failureClassifier(FailureClassifier classifier) {
            this.failureClassifier = Objects.requireNonNull(classifier, "failureClassifier");
            return this;
        }

        /** @throws IllegalArgumentException naming the property, the bad value and the fix */
        public RoutingConfig build() {
            if (source == null) {
                throw new IllegalArgumentException("cqrs.source.url is required: the JDBC URL of the source (write) server,"
                        + " e.g. jdbc:mysql://db1:3306/app");
            }
            List<EndpointConfig> resolved = new ArrayList<>(replicas.size());
            for (EndpointConfig r : replicas) {
                resolved.add(inheritCredentials(r, source));
            }
            int idle = minimumIdle == null ? maximumPoolSize : minimumIdle;
            PoolSettings settings = new PoolSettings(maximumPoolSize, idle, connectionTimeout, poolHikari);
            return new RoutingConfig(source, resolved, settings,
                    selector == null ? ReplicaSelector.roundRobin() : selector,
                    fallbackToSource, replicaPoolsReadOnly, listeners, commitHook, lag, breaker, spill, readYourWrites, clock,
                    failureClassifier);
        }
    }

    /** A replica without credentials of its own takes the source's. */
    public static EndpointConfig inheritCredentials(EndpointConfig replica, EndpointConfig source) {
        if (replica.username() == null && replica.password() == null) {
            return replica.withCredentials(source.username(), source.password());
        }
        return replica;
    }
}
