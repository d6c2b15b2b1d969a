package io.cqrs.routing;

import io.cqrs.routing.health.FailureClassifier;
import io.cqrs.routing.internal.ConfigValidation;
import io.cqrs.routing.internal.PropertiesParser;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Everything a {@link RoutingDataSource} needs, immutable and validated once, when it is built.
 * Build it with {@link #builder()} or {@link #fromProperties(Properties)}; both paths check the
 * same rules and their messages name the same {@code cqrs.*} key ({@code cqrs.replicas[1].weight}),
 * echo the bad value (never a password) and say the fix. {@link #toString()} masks passwords.
 *
 * <p>The parts: {@link EndpointConfig} per server, {@link PoolConfig} ({@code cqrs.pool.*}),
 * {@link LagConfig} ({@code cqrs.lag.*}), {@link BreakerConfig} ({@code cqrs.breaker.*}),
 * {@link FallbackConfig} ({@code cqrs.fallback.*}) and {@link ConsistencyConfig}
 * ({@code cqrs.consistency.*}), each with {@code ofDefaults()}, {@code custom()} and
 * {@code from(base)}; the {@code cqrs.routing.*} keys are this class's own.
 */
public final class RoutingConfig {

    public static final String KEY_SELECTOR = "cqrs.routing.selector";
    public static final String KEY_FALLBACK_TO_SOURCE = "cqrs.routing.fallback-to-source";
    public static final String KEY_REPLICA_POOLS_READ_ONLY = "cqrs.routing.replica-pools-read-only";

    private final EndpointConfig source;
    private final List<EndpointConfig> replicas;
    private final PoolConfig pool;
    private final ReplicaSelector selector;
    private final boolean fallbackToSource;
    private final boolean replicaPoolsReadOnly;
    private final List<RoutingListener> listeners;
    private final CommitHook commitHook;
    private final LagConfig lag;
    private final BreakerConfig breaker;
    private final FallbackConfig fallback;
    private final ConsistencyConfig consistency;
    private final DiscoveryConfig discovery;
    private final Clock clock;
    private final FailureClassifier failureClassifier;

    private RoutingConfig(Builder b, List<EndpointConfig> replicas, PoolConfig pool) {
        this.source = b.source;
        this.replicas = List.copyOf(replicas);
        this.pool = pool;
        this.selector = b.selector == null ? ReplicaSelector.roundRobin() : b.selector;
        this.fallbackToSource = b.fallbackToSource;
        this.replicaPoolsReadOnly = b.replicaPoolsReadOnly;
        this.listeners = List.copyOf(b.listeners);
        this.commitHook = b.commitHook;
        this.lag = b.lag;
        this.breaker = b.breaker;
        this.fallback = b.fallback;
        this.consistency = b.consistency;
        this.discovery = b.discovery;
        this.clock = b.clock;
        this.failureClassifier = b.failureClassifier;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding {@code base}'s values (e.g. to add listeners to a configuration read from properties). */
    public static Builder from(RoutingConfig base) {
        Builder b = new Builder().source(base.source).pool(base.pool).selector(base.selector)
                .fallbackToSource(base.fallbackToSource).replicaPoolsReadOnly(base.replicaPoolsReadOnly)
                .commitHook(base.commitHook).lag(base.lag).breaker(base.breaker).fallback(base.fallback)
                .consistency(base.consistency).discovery(base.discovery).clock(base.clock).failureClassifier(base.failureClassifier);
        base.replicas.forEach(b::replica);
        base.listeners.forEach(b::listener);
        return b;
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
     * cqrs.routing.selector                round-robin (default) | weighted-random | least-in-flight | lowest-lag
     * cqrs.routing.fallback-to-source      true (default) | false
     * cqrs.routing.replica-pools-read-only true (default) | false
     * cqrs.lag.enabled                     true (default; probes the replicas there are, also ones added later) | false
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
     * cqrs.discovery.enabled               false (default) | true: roles from the servers (see DiscoveryConfig)
     * cqrs.discovery.interval-ms           default 500: how often every known server is asked its role
     * cqrs.discovery.write-wait-ms         default 5000: a write refused as read-only waits this long for a new source
     * cqrs.discovery.url-template          default: the source's URL with host and port replaced ({host}, {port})
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

    /** The source (write) server. */
    public EndpointConfig source() {
        return source;
    }

    /** The replicas, in order (may be empty: then every read goes to the source); credentials already inherited. */
    public List<EndpointConfig> replicas() {
        return replicas;
    }

    /** Pool sizing for every endpoint ({@code cqrs.pool.*}). */
    public PoolConfig pool() {
        return pool;
    }

    /** {@value #KEY_SELECTOR}: how a replica is chosen among the eligible ones. */
    public ReplicaSelector selector() {
        return selector;
    }

    /**
     * {@value #KEY_FALLBACK_TO_SOURCE}: reads go to the source when no replica can serve them
     * (default true); false makes such reads fail.
     */
    public boolean fallbackToSource() {
        return fallbackToSource;
    }

    /**
     * {@value #KEY_REPLICA_POOLS_READ_ONLY}: replica pools hand out read-only connections (HikariCP
     * {@code readOnly}), so no per-borrow SET is needed (default true).
     */
    public boolean replicaPoolsReadOnly() {
        return replicaPoolsReadOnly;
    }

    /** Routing listeners, called in order. */
    public List<RoutingListener> listeners() {
        return listeners;
    }

    /** Runs after each transaction committed on the source, or null. */
    public CommitHook commitHook() {
        return commitHook;
    }

    /** Replica lag monitoring ({@code cqrs.lag.*}). */
    public LagConfig lag() {
        return lag;
    }

    /** Circuit breaker per endpoint ({@code cqrs.breaker.*}). */
    public BreakerConfig breaker() {
        return breaker;
    }

    /** Cap on concurrent fallback reads on the source ({@code cqrs.fallback.*}). */
    public FallbackConfig fallback() {
        return fallback;
    }

    /** GTID tokens ({@code cqrs.consistency.*}). */
    public ConsistencyConfig consistency() {
        return consistency;
    }

    /** Roles from the servers ({@code cqrs.discovery.*}); off by default. */
    public DiscoveryConfig discovery() {
        return discovery;
    }

    /** Time source of breakers and the lag monitor (tests pass a fake one). */
    public Clock clock() {
        return clock;
    }

    /**
     * Which errors are the endpoint's fault (they feed its breaker and let a failed first read move);
     * {@link FailureClassifier#ofDefaults()} unless set.
     */
    public FailureClassifier failureClassifier() {
        return failureClassifier;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoutingConfig c && source.equals(c.source) && replicas.equals(c.replicas) && pool.equals(c.pool)
                && selector == c.selector && fallbackToSource == c.fallbackToSource
                && replicaPoolsReadOnly == c.replicaPoolsReadOnly && listeners.equals(c.listeners)
                && Objects.equals(commitHook, c.commitHook) && lag.equals(c.lag) && breaker.equals(c.breaker)
                && fallback.equals(c.fallback) && consistency.equals(c.consistency) && discovery.equals(c.discovery)
                && clock.equals(c.clock)
                && failureClassifier.equals(c.failureClassifier);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, replicas, pool, fallbackToSource, replicaPoolsReadOnly, lag, breaker, fallback, consistency, discovery);
    }

    /** Masks passwords. */
    @Override
    public String toString() {
        return "RoutingConfig[source=" + source + ", replicas=" + replicas + ", pool=" + pool
                + ", selector=" + selector.getClass().getSimpleName() + ", fallbackToSource=" + fallbackToSource
                + ", replicaPoolsReadOnly=" + replicaPoolsReadOnly + ", listeners=" + listeners.size()
                + ", commitHook=" + (commitHook != null) + ", lag=" + lag + ", breaker=" + breaker + ", fallback=" + fallback
                + ", consistency=" + consistency + ", discovery=" + discovery + "]";
    }

    /** Builder for {@link RoutingConfig}; {@link #build()} validates everything that depends on the whole topology. */
    public static final class Builder {
        private EndpointConfig source;
        private final List<EndpointConfig> replicas = new ArrayList<>();
        private PoolConfig.Builder pool = PoolConfig.custom();
        private ReplicaSelector selector;
        private boolean fallbackToSource = true;
        private boolean replicaPoolsReadOnly = true;
        private FailureClassifier failureClassifier = FailureClassifier.ofDefaults();
        private final List<RoutingListener> listeners = new ArrayList<>();
        private CommitHook commitHook;
        private LagConfig lag = LagConfig.ofDefaults();
        private BreakerConfig breaker = BreakerConfig.ofDefaults();
        private FallbackConfig fallback = FallbackConfig.ofDefaults();
        private ConsistencyConfig consistency = ConsistencyConfig.ofDefaults();
        private DiscoveryConfig discovery = DiscoveryConfig.ofDefaults();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder source(EndpointConfig endpoint) {
            this.source = endpoint;
            return this;
        }

        /** The source at this URL, named "source". */
        public Builder source(String jdbcUrl, String username, String password) {
            return source(EndpointConfig.builder("source").jdbcUrl(jdbcUrl).username(username).password(password).build());
        }

        /** Adds a replica. Without credentials of its own it uses the source's. */
        public Builder replica(EndpointConfig endpoint) {
            this.replicas.add(Objects.requireNonNull(endpoint, "replica"));
            return this;
        }

        /** Adds a replica named "replica-N" (N counting from 1) with the source's credentials. */
        public Builder replica(String jdbcUrl) {
            return replica(EndpointConfig.builder("replica-" + (replicas.size() + 1)).jdbcUrl(jdbcUrl).build());
        }

        /** Pool sizing for every endpoint; replaces what the pool setters below set so far. */
        public Builder pool(PoolConfig config) {
            this.pool = PoolConfig.from(Objects.requireNonNull(config, "pool"));
            return this;
        }

        /** {@value PoolConfig#KEY_MAXIMUM_POOL_SIZE}. */
        public Builder maximumPoolSize(int size) {
            pool.maximumPoolSize(size);
            return this;
        }

        /** {@value PoolConfig#KEY_MINIMUM_IDLE}. */
        public Builder minimumIdle(int idle) {
            pool.minimumIdle(idle);
            return this;
        }

        /** {@value PoolConfig#KEY_CONNECTION_TIMEOUT_MS}. */
        public Builder connectionTimeout(Duration timeout) {
            pool.connectionTimeout(timeout);
            return this;
        }

        /** {@code cqrs.pool.hikari.<key>}, e.g. {@code ("dataSource.useLocalSessionState", "true")}. */
        public Builder poolHikariProperty(String key, String value) {
            pool.hikariProperty(key, value);
            return this;
        }

        /** {@value RoutingConfig#KEY_SELECTOR}. */
        public Builder selector(ReplicaSelector replicaSelector) {
            this.selector = replicaSelector;
            return this;
        }

        /** {@value RoutingConfig#KEY_FALLBACK_TO_SOURCE}. */
        public Builder fallbackToSource(boolean fallback) {
            this.fallbackToSource = fallback;
            return this;
        }

        /** {@value RoutingConfig#KEY_REPLICA_POOLS_READ_ONLY}. */
        public Builder replicaPoolsReadOnly(boolean readOnly) {
            this.replicaPoolsReadOnly = readOnly;
            return this;
        }

        public Builder listener(RoutingListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder commitHook(CommitHook hook) {
            this.commitHook = hook;
            return this;
        }

        public Builder lag(LagConfig config) {
            this.lag = Objects.requireNonNull(config, "lag");
            return this;
        }

        public Builder breaker(BreakerConfig config) {
            this.breaker = Objects.requireNonNull(config, "breaker");
            return this;
        }

        public Builder fallback(FallbackConfig config) {
            this.fallback = Objects.requireNonNull(config, "fallback");
            return this;
        }

        public Builder consistency(ConsistencyConfig config) {
            this.consistency = Objects.requireNonNull(config, "consistency");
            return this;
        }

        public Builder discovery(DiscoveryConfig config) {
            this.discovery = Objects.requireNonNull(config, "discovery");
            return this;
        }

        /** The clock of breakers and lag monitor; for tests. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
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
                throw new IllegalArgumentException(EndpointConfig.SOURCE_PREFIX + "." + EndpointConfig.KEY_URL
                        + " is required: the JDBC URL of the source (write) server, e.g. jdbc:mysql://db1:3306/app");
            }
            PoolConfig pooling = pool.build();
            List<EndpointConfig> resolved = new ArrayList<>(replicas.size());
            for (EndpointConfig r : replicas) {
                resolved.add(inheritCredentials(r, source));
            }
            ConfigValidation.validateEndpoints(source, resolved);
            return new RoutingConfig(this, resolved, pooling);
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
