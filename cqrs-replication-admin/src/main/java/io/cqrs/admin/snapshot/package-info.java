/**
 * Consistent snapshots of a source over JDBC (parallel, chunked by primary key, with the exact
 * GTID position) into a dump file ({@link io.cqrs.admin.snapshot.DumpFileSink}) or straight into a
 * replica ({@link io.cqrs.admin.snapshot.DirectCopySink}), and the restore of such dumps and of
 * mysqldump / mariadb-dump files ({@link io.cqrs.admin.snapshot.Restorer}), validated before
 * anything is touched.
 */
package io.cqrs.admin.snapshot;
