package io.cqrs.admin.cli;

import io.cqrs.admin.AdminException;
import io.cqrs.admin.Secret;
import io.cqrs.admin.ServerEndpoint;
import io.cqrs.common.dialect.ReplicationSource;
import io.cqrs.admin.identity.SafetyOverrides;
import io.cqrs.admin.replication.ReplicaSet;
import io.cqrs.admin.replication.ReplicationAdmin;
import io.cqrs.sandbox.SandboxDirectory;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the servers are and how to log in, shared by every command. Passwords come only from an
 * environment variable or a file (never from the command line). Precedence: options, then
 * {@code --config} properties, then {@code --sandbox}.
 */
public final class ConnectionOptions {

    @Option(names = "--source", paramLabel = "HOST:PORT", description = "the source (command) server")
    String source;

    @Option(names = "--replica", paramLabel = "HOST:PORT", description = "the replica (query) server")
    String replica;

    @Option(names = "--user", paramLabel = "USER", description = "admin user on the source (and on the replica unless --replica-user); default root")
    String user;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

    /**
     * Accepted only to refuse it: a password on the command line shows in {@code ps}, the shell
     * history and CI logs. Hidden; the value is never printed (picocli would echo an unknown
     * option's value in its error).
     */
    @Option(names = {"--password", "--replica-password", "--repl-password"}, hidden = true, paramLabel = "PASSWORD")
    void passwordOnTheCommandLine(String ignored) {
        throw new picocli.CommandLine.ParameterException(mixee.commandLine(),
                "passwords are not accepted on the command line (they show in ps, the shell history and logs); "
                        + "use --password-env VAR or --password-file FILE (and --replica-password-*, --repl-password-* likewise)");
    }

    @Option(names = "--password-env", paramLabel = "VAR", description = "environment variable holding the admin password")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file holding the admin password (first line)")
    Path passwordFile;

    @Option(names = "--replica-user", paramLabel = "USER", description = "admin user on the replica (default: --user)")
    String replicaUser;

    @Option(names = "--replica-password-env", paramLabel = "VAR", description = "environment variable holding the replica admin password")
    String replicaPasswordEnv;

    @Option(names = "--replica-password-file", paramLabel = "FILE", description = "file holding the replica admin password")
    Path replicaPasswordFile;

    @Option(names = "--repl-user", paramLabel = "USER", description = "replication account (default: repl)")
    String replUser;

    @Option(names = "--repl-password-env", paramLabel = "VAR", description = "environment variable holding the replication password")
    String replPasswordEnv;

    @Option(names = "--repl-password-file", paramLabel = "FILE", description = "file holding the replication password")
    Path replPasswordFile;

    @Option(names = "--source-address-for-replica", paramLabel = "HOST:PORT",
            description = "how the replica reaches the source, when it differs from --source (e.g. a docker network name)")
    String sourceForReplica;

    @Option(names = "--sandbox", paramLabel = "DIR", description = "take the servers from a running 'sandbox up' directory (root without password; replication password from DIR/repl.password)")
    Path sandbox;

    @Option(names = "--config", paramLabel = "FILE", description = "properties file: source, replica, user, password.env, password.file, replica.user, "
            + "replica.password.env, replica.password.file, repl.user, repl.password.env, repl.password.file, source.for.replica")
    Path config;

    private Properties props;

    private Properties props() {
        if (props == null) {
            props = new Properties();
            if (config != null) {
                if (!Files.isRegularFile(config)) {
                    throw new AdminException("--config " + config + " is not a file (looked for " + config.toAbsolutePath()
                            + "); give the path of a properties file with keys such as source=HOST:PORT, replica=HOST:PORT, user=root, "
                            + "password.env=VAR (see 'cqrs-admin help " + "<command>' for every key)");
                }
                try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                    props.load(r);
                } catch (IOException e) {
                    throw new AdminException("cannot read --config " + config.toAbsolutePath() + " (" + e.getClass().getSimpleName() + ": "
                            + e.getMessage() + "); check that the file is readable by this user");
                }
                if (props.containsKey("password") || props.containsKey("replica.password") || props.containsKey("repl.password")) {
                    throw new AdminException("--config " + config + " holds a password in clear; use password.env or password.file "
                            + "(and replica.password.*, repl.password.*) instead");
                }
            }
        }
        return props;
    }

    private String pick(String option, String key) {
        return option != null ? option : props().getProperty(key);
    }

    private SandboxDirectory.Instance sandboxInstance(String role) {
        if (sandbox == null) {
            return null;
        }
        return SandboxDirectory.read(sandbox).stream().filter(i -> role.equals(i.role())).findFirst()
                .orElseThrow(() -> new AdminException("the sandbox in " + sandbox + " has no " + role + "; start one with 'cqrs-admin sandbox up'"));
    }

    /** True when a source was given (option, --config or --sandbox). */
    public boolean hasSource() {
        return pick(source, "source") != null || sandbox != null;
    }

    /** True when a replica was given (option, --config or --sandbox). */
    public boolean hasReplica() {
        return pick(replica, "replica") != null || sandbox != null;
    }

    /** How the replica reaches the source when that differs from --source, else null. */
    public String sourceAddressForReplica() {
        return pick(sourceForReplica, "source.for.replica");
    }

    /**
     * Whether a command that looks at replicas should look at every replica registered with the
     * source: a source was given and no replica, or {@code allReplicas} (--all-replicas).
     */
    public boolean everyReplica(boolean allReplicas) {
        return hasSource() && (allReplicas || !hasReplica());
    }

    /** The source and every replica registered with it, each pair reached as {@link #admin} would. */
    public ReplicaSet replicaSet(SafetyOverrides overrides) {
        return ReplicaSet.discover(source(), this::replicaAt, sourceAddressForReplica(), overrides);
    }

    /**
     * Reads every password that was given (environment variables, files) once, so that a command
     * that runs for long ({@code watch}) stops at once on a setting that can never work instead of
     * failing every check. Servers are not contacted.
     *
     * @throws AdminException naming the variable or file that cannot be read
     */
    public void requirePasswordsReadable() {
        for (Secret s : new Secret[] {secret(passwordEnv, passwordFile, "password"),
                secret(replicaPasswordEnv, replicaPasswordFile, "replica.password"),
                secret(replPasswordEnv, replPasswordFile, "repl.password")}) {
            if (s != null) {
                s.reveal();
            }
        }
    }

    /** The pair, with the identity refusals overruled as given and the replica's name for the source. */
    public ReplicationAdmin admin(SafetyOverrides overrides) {
        ReplicationAdmin a = new ReplicationAdmin(source(), replica(), overrides);
        String alias = sourceAddressForReplica();
        return alias == null ? a : a.sourceAddressForReplica(alias);
    }

    public ServerEndpoint source() {
        return endpoint("source", pick(source, "source"), pick(user, "user"), secret(passwordEnv, passwordFile, "password"));
    }

    /** A server at {@code address} reached with the replica's user and password (for --to, --replicas). */
    public ServerEndpoint replicaAt(String address) {
        String u = pick(replicaUser, "replica.user");
        Secret s = secret(replicaPasswordEnv, replicaPasswordFile, "replica.password");
        return endpoint("replica", address, u != null ? u : pick(user, "user"), s != null ? s : secret(passwordEnv, passwordFile, "password"));
    }

    public ServerEndpoint replica() {
        String u = pick(replicaUser, "replica.user");
        Secret s = secret(replicaPasswordEnv, replicaPasswordFile, "replica.password");
        if (u == null) {
            u = pick(user, "user");
        }
        if (s == null) {
            s = secret(passwordEnv, passwordFile, "password");
        }
        return endpoint("replica", pick(replica, "replica"), u, s);
    }

    private ServerEndpoint endpoint(String role, String address, String u, Secret password) {
        ServerEndpoint.Builder b = ServerEndpoint.builder();
        if (address != null) {
            b.address(address);
        } else {
            SandboxDirectory.Instance i = sandboxInstance(role);
            if (i == null) {
                throw new AdminException("no " + role + " given; use --" + role + " HOST:PORT, --config FILE or --sandbox DIR");
            }
            b.host("127.0.0.1").port(i.port());
        }
        b.user(u != null ? u : "root");
        b.password(password != null ? password : Secret.none());
        return b.build();
    }

    private Secret secret(String env, Path file, String key) {
        String e = env != null ? env : props().getProperty(key + ".env");
        String f = file != null ? file.toString() : props().getProperty(key + ".file");
        if (e != null && f != null) {
            throw new AdminException("give the " + key.replace('.', '-') + " either as an environment variable or a file, not both");
        }
        return e != null ? Secret.fromEnv(e) : f != null ? Secret.fromFile(Path.of(f)) : null;
    }

    /** The replication account as the replica will use it. */
    public ReplicationSource replicationSource() {
        String u = pick(replUser, "repl.user");
        Secret s = secret(replPasswordEnv, replPasswordFile, "repl.password");
        if (s == null && sandbox != null) {
            s = Secret.fromFile(sandbox.toAbsolutePath().resolve("repl.password"));
        }
        if (s == null) {
            throw new AdminException("no replication password; use --repl-password-env VAR or --repl-password-file FILE");
        }
        ServerEndpoint src = source();
        String addr = sourceAddressForReplica();
        ServerEndpoint seen = addr == null ? src : ServerEndpoint.builder().address(addr).build();
        return new ReplicationSource(seen.host(), seen.port(), u != null ? u : ReplicationSource.DEFAULT_USER, s.reveal(), 5);
    }
}
