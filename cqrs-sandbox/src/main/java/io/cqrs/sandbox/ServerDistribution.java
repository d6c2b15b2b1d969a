package io.cqrs.sandbox;

import io.cqrs.common.ServerFlavor;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A set of server binaries the sandbox can run.
 *
 * @param flavor       MySQL or MariaDB
 * @param version      the version the binary reports (e.g. "8.0.15"), for display
 * @param origin       where it came from, for messages ("Maven artifact ...", "$CQRS_MYSQLD", "/usr/sbin/mariadbd")
 * @param baseDir      the installation directory (--basedir)
 * @param server       the mysqld/mariadbd executable
 * @param installDb    MariaDB's mariadb-install-db script (empty for MySQL, which uses --initialize-insecure)
 * @param client       the command-line client (mysql/mariadb), when the distribution has one
 * @param libraryPath  directories to put on LD_LIBRARY_PATH when running the binaries
 */
public record ServerDistribution(
        ServerFlavor flavor,
        String version,
        String origin,
        Path baseDir,
        Path server,
        Optional<Path> installDb,
        Optional<Path> client,
        List<Path> libraryPath) {

    /** Copies the library path. */
    public ServerDistribution {
        libraryPath = List.copyOf(libraryPath);
    }

    /**
     * A file-name-safe key of this distribution (flavour, version, where its server binary is), for
     * caches that belong to one set of binaries, such as the initialized datadir template.
     */
    public String templateKey() {
        String v = (flavor.name() + "-" + version).replaceAll("[^A-Za-z0-9._-]", "_");
        return v.toLowerCase(java.util.Locale.ROOT) + "-" + Integer.toHexString(server.toAbsolutePath().toString().hashCode());
    }

    /** A short label such as "MySQL 8.0.15". */
    public String label() {
        return flavor.displayName() + " " + version;
    }

    /**
     * A process builder for the distribution's command-line client ({@code mysql}/{@code mariadb})
     * with the library path it needs; arguments follow the client's own syntax.
     *
     * @throws SandboxException when the distribution ships no client
     */
    public ProcessBuilder clientProcess(List<String> arguments) {
        Path c = client.orElseThrow(() -> new SandboxException(label() + " from " + origin + " has no command-line client; "
                + "install one (Debian: apt-get install -y --no-install-recommends mariadb-client)"));
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(c.toString());
        cmd.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String ld = ldLibraryPath();
        if (!ld.isEmpty()) {
            pb.environment().put("LD_LIBRARY_PATH", ld);
        }
        return pb;
    }

    /**
     * A process builder for another program of the distribution ({@code bin/<tool>}, e.g.
     * {@code mariadb-dump}) with the library path it needs.
     *
     * @throws SandboxException when the distribution has no such program
     */
    public ProcessBuilder toolProcess(String tool, List<String> arguments) {
        Path p = baseDir.resolve("bin").resolve(tool);
        if (!java.nio.file.Files.isExecutable(p)) {
            throw new SandboxException(label() + " from " + origin + " has no " + tool + " in " + baseDir.resolve("bin"));
        }
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(p.toString());
        cmd.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String ld = ldLibraryPath();
        if (!ld.isEmpty()) {
            pb.environment().put("LD_LIBRARY_PATH", ld);
        }
        return pb;
    }

    /** The value for LD_LIBRARY_PATH, or empty when none is needed. */
    String ldLibraryPath() {
        StringBuilder sb = new StringBuilder();
        for (Path p : libraryPath) {
            if (!sb.isEmpty()) {
                sb.append(':');
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
