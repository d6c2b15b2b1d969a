/**
 * Diagnosis of a broken replica (findings with evidence, the GTID state, a plan), automatic
 * recovery with dry runs and refusals before data loss, preflight checks, chunked consistency
 * verification at one GTID point, and the watch loop that replaces the hourly cron.
 */
package io.cqrs.admin.recovery;
