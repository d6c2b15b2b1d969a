package io.cqrs.routing.spring.autoconfigure;

import io.cqrs.routing.DiscoveryConfig;
import io.cqrs.routing.LagConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * The {@code cqrs.*} keys of {@code RoutingConfig.fromProperties}, bound by Spring Boot (so they can come
 * from application.yml/properties, environment variables such as {@code CQRS_SOURCE_PASSWORD},
 * {@code CQRS_REPLICAS_0_URL}, config trees or any other property source) and handed over as
 * {@link java.util.Properties} with the router's own keys: the router validates and reports bad values.
 * Unset keys are not passed on, so the router's defaults apply; an empty value counts as unset, except for
 * passwords. Unknown {@code cqrs.*} keys fail the start.
 */
@ConfigurationProperties(prefix = "cqrs", ignoreUnknownFields = false)
public class CqrsRoutingProperties {

    /** The source (write) server. */
    private final Endpoint source = new Endpoint();

    /** The replicas, in order: cqrs.replicas[0].url, cqrs.replicas[1].url, ... Unset fields take the source's credentials. */
    private List<Endpoint> replicas = new ArrayList<>();

    /** Pool sizing of every endpoint's HikariCP pool. */
    private final Pool pool = new Pool();

    /** Replica choice and fallback. */
    private final Routing routing = new Routing();

    /** Replica lag monitoring. */
    private final Lag lag = new Lag();

    /** The circuit breaker of each endpoint. */
    private final Breaker breaker = new Breaker();

    /** The cap on reads that fall back to the source. */
    private final Fallback fallback = new Fallback();

    /** Read-your-writes with GTID consistency tokens. */
    private final Consistency consistency = new Consistency();

    /** Roles read from the servers: replicas found and drained at run time, writes follow a new source. */
    private final Discovery discovery = new Discovery();

    public Endpoint getSource() {
        return source;
    }

    public List<Endpoint> getReplicas() {
        return replicas;
    }

    public void setReplicas(List<Endpoint> replicas) {
        this.replicas = replicas;
    }

    public Pool getPool() {
        return pool;
    }

    public Routing getRouting() {
        return routing;
    }

    public Lag getLag() {
        return lag;
    }

    public Breaker getBreaker() {
        return breaker;
    }

    public Fallback getFallback() {
        return fallback;
    }

    public Consistency getConsistency() {
        return consistency;
    }

    public Discovery getDiscovery() {
        return discovery;
    }

    /** The keys that are set, as {@code RoutingConfig.fromProperties} reads them. Holds passwords: never log it. */
    public Properties toRoutingProperties() {
        Properties p = new Properties();
        BiConsumer<String, Object> put = (key, value) -> {
            // an empty value unsets a key (e.g. CQRS_SOURCE_PASSWORD_ENV= over a file's password-env), but an empty
            // password is a password
            if (value != null && (!String.valueOf(value).isEmpty() || key.endsWith(".password"))) {
                p.setProperty(key, String.valueOf(value));
            }
        };
        source.putInto("cqrs.source", put);
        for (int i = 0; i < replicas.size(); i++) {
            Endpoint r = replicas.get(i);
            if (r != null) {
                r.putInto("cqrs.replicas[" + i + "]", put);
            }
        }
        put.accept("cqrs.pool.maximum-pool-size", pool.maximumPoolSize);
        put.accept("cqrs.pool.minimum-idle", pool.minimumIdle);
        put.accept("cqrs.pool.connection-timeout-ms", pool.connectionTimeoutMs);
        pool.hikari.forEach((k, v) -> put.accept("cqrs.pool.hikari." + k, v));
        put.accept("cqrs.routing.selector", routing.selector);
        put.accept("cqrs.routing.fallback-to-source", routing.fallbackToSource);
        put.accept("cqrs.routing.replica-pools-read-only", routing.replicaPoolsReadOnly);
        put.accept("cqrs.lag.enabled", lag.enabled);
        put.accept("cqrs.lag.probes", lag.probes == null ? null : String.join(",", lag.probes));
        put.accept("cqrs.lag.heartbeat-table", lag.heartbeatTable);
        put.accept("cqrs.lag.heartbeat-writer", lag.heartbeatWriter);
        put.accept("cqrs.lag.interval-ms", lag.intervalMs);
        put.accept("cqrs.lag.max-lag-ms", lag.maxLagMs);
        put.accept("cqrs.lag.hysteresis", lag.hysteresis);
        put.accept("cqrs.lag.failure-threshold", lag.failureThreshold);
        put.accept(LagConfig.KEY_PROBE_TIMEOUT_MS, lag.probeTimeoutMs);
        put.accept("cqrs.breaker.failure-rate-threshold", breaker.failureRateThreshold);
        put.accept("cqrs.breaker.minimum-number-of-calls", breaker.minimumNumberOfCalls);
        put.accept("cqrs.breaker.sliding-window-type", breaker.slidingWindowType);
        put.accept("cqrs.breaker.sliding-window-size", breaker.slidingWindowSize);
        put.accept("cqrs.breaker.wait-in-open-ms", breaker.waitInOpenMs);
        put.accept("cqrs.breaker.half-open-calls", breaker.halfOpenCalls);
        put.accept("cqrs.fallback.max-concurrent", fallback.maxConcurrent);
        put.accept("cqrs.fallback.mode", fallback.mode);
        put.accept("cqrs.fallback.max-wait-ms", fallback.maxWaitMs);
        put.accept("cqrs.consistency.capture", consistency.capture);
        put.accept("cqrs.consistency.session-tokens", consistency.sessionTokens);
        put.accept("cqrs.consistency.token-wait-ms", consistency.tokenWaitMs);
        put.accept(DiscoveryConfig.KEY_ENABLED, discovery.enabled);
        put.accept(DiscoveryConfig.KEY_INTERVAL_MS, discovery.intervalMs);
        put.accept(DiscoveryConfig.KEY_WRITE_WAIT_MS, discovery.writeWaitMs);
        put.accept(DiscoveryConfig.KEY_URL_TEMPLATE, discovery.urlTemplate);
        return p;
    }

    /** Masks nothing because it shows nothing secret: URLs and user names only. */
    @Override
    public String toString() {
        return "CqrsRoutingProperties[source=" + source.url + ", replicas=" + replicas.stream().map(r -> r == null ? null : r.url).toList() + "]";
    }

    /** One server. */
    public static class Endpoint {

        /** JDBC URL, e.g. jdbc:mysql://db1:3306/app (required for the source and every replica). */
        private String url;

        /** Endpoint name in metrics, health and logs; default "source" or "replica-(N+1)". */
        private String name;

        /** User name; replicas default to the source's. */
        private String username;

        /** Password; prefer password-env or password-file, or Boot's own sources (environment variable CQRS_SOURCE_PASSWORD, config tree). Never logged. */
        private String password;

        /** Path of a file holding the password (a trailing newline is dropped). */
        private String passwordFile;

        /** Name of an environment variable holding the password. */
        private String passwordEnv;

        /** Replica weight for the weighted-random selector, 1..1000; default 1. */
        private Integer weight;

        /** Extra HikariCP properties for this endpoint's pool, e.g. hikari.dataSource.cachePrepStmts=true. */
        private Map<String, String> hikari = new LinkedHashMap<>();

        void putInto(String prefix, BiConsumer<String, Object> put) {
            put.accept(prefix + ".url", url);
            put.accept(prefix + ".name", name);
            put.accept(prefix + ".username", username);
            put.accept(prefix + ".password", password);
            put.accept(prefix + ".password-file", passwordFile);
            put.accept(prefix + ".password-env", passwordEnv);
            put.accept(prefix + ".weight", weight);
            hikari.forEach((k, v) -> put.accept(prefix + ".hikari." + k, v));
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getPasswordFile() {
            return passwordFile;
        }

        public void setPasswordFile(String passwordFile) {
            this.passwordFile = passwordFile;
        }

        public String getPasswordEnv() {
            return passwordEnv;
        }

        public void setPasswordEnv(String passwordEnv) {
            this.passwordEnv = passwordEnv;
        }

        public Integer getWeight() {
            return weight;
        }

        public void setWeight(Integer weight) {
            this.weight = weight;
        }

        public Map<String, String> getHikari() {
            return hikari;
        }

        public void setHikari(Map<String, String> hikari) {
            this.hikari = hikari;
        }

        @Override
        public String toString() {
            return "Endpoint[url=" + url + ", name=" + name + ", username=" + username + "]";
        }
    }

    public static class Pool {

        /** Maximum connections per endpoint pool; default 10. */
        private Integer maximumPoolSize;

        /** Minimum idle connections per pool; default = maximum-pool-size. */
        private Integer minimumIdle;

        /** How long a borrow waits for a connection, in ms; default 1000, at least 250. */
        private Integer connectionTimeoutMs;

        /** Extra HikariCP properties for every pool, e.g. hikari.dataSource.useLocalSessionState=true. */
        private Map<String, String> hikari = new LinkedHashMap<>();

        public Integer getMaximumPoolSize() {
            return maximumPoolSize;
        }

        public void setMaximumPoolSize(Integer maximumPoolSize) {
            this.maximumPoolSize = maximumPoolSize;
        }

        public Integer getMinimumIdle() {
            return minimumIdle;
        }

        public void setMinimumIdle(Integer minimumIdle) {
            this.minimumIdle = minimumIdle;
        }

        public Integer getConnectionTimeoutMs() {
            return connectionTimeoutMs;
        }

        public void setConnectionTimeoutMs(Integer connectionTimeoutMs) {
            this.connectionTimeoutMs = connectionTimeoutMs;
        }

        public Map<String, String> getHikari() {
            return hikari;
        }

        public void setHikari(Map<String, String> hikari) {
            this.hikari = hikari;
        }
    }

    public static class Routing {

        /** How a replica is chosen: round-robin (default), weighted-random or least-in-flight. */
        private String selector;

        /** Reads no replica can serve go to the source (default true); false makes them fail. */
        private Boolean fallbackToSource;

        /** Replica pools hand out read-only connections, so no per-borrow SET is sent (default true). */
        private Boolean replicaPoolsReadOnly;

        public String getSelector() {
            return selector;
        }

        public void setSelector(String selector) {
            this.selector = selector;
        }

        public Boolean getFallbackToSource() {
            return fallbackToSource;
        }

        public void setFallbackToSource(Boolean fallbackToSource) {
            this.fallbackToSource = fallbackToSource;
        }

        public Boolean getReplicaPoolsReadOnly() {
            return replicaPoolsReadOnly;
        }

        public void setReplicaPoolsReadOnly(Boolean replicaPoolsReadOnly) {
            this.replicaPoolsReadOnly = replicaPoolsReadOnly;
        }
    }

    public static class Lag {

        /** Background lag monitor (default true; runs only when replicas exist). */
        private Boolean enabled;

        /** Probe chain, first answer wins: heartbeat, gtid, status; default gtid,status (heartbeat,gtid,status with the writer on). */
        private List<String> probes;

        /** Heartbeat table (pt-heartbeat layout); default cqrs.heartbeat. */
        private String heartbeatTable;

        /** Write the heartbeat row on the source (creates schema and table); default false. */
        private Boolean heartbeatWriter;

        /** Probe interval in ms; default 500. */
        private Integer intervalMs;

        /** Replicas lagging more get no reads, in ms; default 5000. */
        private Integer maxLagMs;

        /** A lag-excluded replica is back at or below max-lag × (1 − hysteresis); default 0.5. */
        private Double hysteresis;

        /** Probe failures in a row after which the lag is unknown and the replica excluded; default 3. */
        private Integer failureThreshold;

        /** A replica whose probe gets no answer within this many ms is excluded at once (unresponsive); default 500. */
        private Integer probeTimeoutMs;

        public Integer getProbeTimeoutMs() {
            return probeTimeoutMs;
        }

        public void setProbeTimeoutMs(Integer probeTimeoutMs) {
            this.probeTimeoutMs = probeTimeoutMs;
        }

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getProbes() {
            return probes;
        }

        public void setProbes(List<String> probes) {
            this.probes = probes;
        }

        public String getHeartbeatTable() {
            return heartbeatTable;
        }

        public void setHeartbeatTable(String heartbeatTable) {
            this.heartbeatTable = heartbeatTable;
        }

        public Boolean getHeartbeatWriter() {
            return heartbeatWriter;
        }

        public void setHeartbeatWriter(Boolean heartbeatWriter) {
            this.heartbeatWriter = heartbeatWriter;
        }

        public Integer getIntervalMs() {
            return intervalMs;
        }

        public void setIntervalMs(Integer intervalMs) {
            this.intervalMs = intervalMs;
        }

        public Integer getMaxLagMs() {
            return maxLagMs;
        }

        public void setMaxLagMs(Integer maxLagMs) {
            this.maxLagMs = maxLagMs;
        }

        public Double getHysteresis() {
            return hysteresis;
        }

        public void setHysteresis(Double hysteresis) {
            this.hysteresis = hysteresis;
        }

        public Integer getFailureThreshold() {
            return failureThreshold;
        }

        public void setFailureThreshold(Integer failureThreshold) {
            this.failureThreshold = failureThreshold;
        }
    }

    public static class Breaker {

        /** Percent of failed calls in the window that opens the breaker; default 50. */
        private Double failureRateThreshold;

        /** Calls before the failure rate counts; default 5. */
        private Integer minimumNumberOfCalls;

        /** count-based (default) or time-based. */
        private String slidingWindowType;

        /** Window size: calls, or seconds when time-based; default 20. */
        private Integer slidingWindowSize;

        /** How long an open breaker keeps its endpoint out before trial borrows, in ms; default 5000. */
        private Integer waitInOpenMs;

        /** Trial calls in half-open state that decide closed or open; default 3. */
        private Integer halfOpenCalls;

        public Double getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(Double failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public Integer getMinimumNumberOfCalls() {
            return minimumNumberOfCalls;
        }

        public void setMinimumNumberOfCalls(Integer minimumNumberOfCalls) {
            this.minimumNumberOfCalls = minimumNumberOfCalls;
        }

        public String getSlidingWindowType() {
            return slidingWindowType;
        }

        public void setSlidingWindowType(String slidingWindowType) {
            this.slidingWindowType = slidingWindowType;
        }

        public Integer getSlidingWindowSize() {
            return slidingWindowSize;
        }

        public void setSlidingWindowSize(Integer slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
        }

        public Integer getWaitInOpenMs() {
            return waitInOpenMs;
        }

        public void setWaitInOpenMs(Integer waitInOpenMs) {
            this.waitInOpenMs = waitInOpenMs;
        }

        public Integer getHalfOpenCalls() {
            return halfOpenCalls;
        }

        public void setHalfOpenCalls(Integer halfOpenCalls) {
            this.halfOpenCalls = halfOpenCalls;
        }
    }

    public static class Fallback {

        /** Fallback reads on the source at once; default 16. */
        private Integer maxConcurrent;

        /** fail-fast (default) or wait (up to max-wait-ms) when the cap is reached. */
        private String mode;

        /** How long mode wait waits for a permit, in ms; default 250. */
        private Integer maxWaitMs;

        public Integer getMaxConcurrent() {
            return maxConcurrent;
        }

        public void setMaxConcurrent(Integer maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
        }

        public String getMode() {
            return mode;
        }

        public void setMode(String mode) {
            this.mode = mode;
        }

        public Integer getMaxWaitMs() {
            return maxWaitMs;
        }

        public void setMaxWaitMs(Integer maxWaitMs) {
            this.maxWaitMs = maxWaitMs;
        }
    }

    public static class Consistency {

        /** Capture the GTIDs of committed writes (default true). */
        private Boolean capture;

        /** Reads carry the session's token automatically (default true). */
        private Boolean sessionTokens;

        /** How long a read waits for a replica to apply its token before it reads the source, in ms; default 200. */
        private Integer tokenWaitMs;

        public Boolean getCapture() {
            return capture;
        }

        public void setCapture(Boolean capture) {
            this.capture = capture;
        }

        public Boolean getSessionTokens() {
            return sessionTokens;
        }

        public void setSessionTokens(Boolean sessionTokens) {
            this.sessionTokens = sessionTokens;
        }

        public Integer getTokenWaitMs() {
            return tokenWaitMs;
        }

        public void setTokenWaitMs(Integer tokenWaitMs) {
            this.tokenWaitMs = tokenWaitMs;
        }
    }

    public static class Discovery {

        /** Follow the servers' roles (default false: the configured source and replicas are fixed). */
        private Boolean enabled;

        /** How often every known server is asked its role, in ms; default 500. */
        private Integer intervalMs;

        /** How long a write the source refused as read-only (1290, 1836) waits for a new source, in ms; default 5000, 0 never waits. */
        private Integer writeWaitMs;

        /** JDBC URL of a server found by discovery, with {host} and {port}; default: the source's URL with host and port replaced. */
        private String urlTemplate;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Integer getIntervalMs() {
            return intervalMs;
        }

        public void setIntervalMs(Integer intervalMs) {
            this.intervalMs = intervalMs;
        }

        public Integer getWriteWaitMs() {
            return writeWaitMs;
        }

        public void setWriteWaitMs(Integer writeWaitMs) {
            this.writeWaitMs = writeWaitMs;
        }

        public String getUrlTemplate() {
            return urlTemplate;
        }

        public void setUrlTemplate(String urlTemplate) {
            this.urlTemplate = urlTemplate;
        }
    }
}
