/**
 * The sandbox test kit: a real source and N replicas ({@link io.cqrs.sandbox.Sandbox}), MySQL 8.0
 * or MariaDB, started as local processes from Maven artifacts (or your own binaries), each on a
 * free port with its own directory, replicating with GTID auto-positioning; faults to inject
 * (kill, pause, restart) and {@link io.cqrs.sandbox.SandboxTools} for what tests ask the servers.
 * Processes are stopped by pid, gracefully then forced, also when the JVM exits.
 */
package io.cqrs.sandbox;
