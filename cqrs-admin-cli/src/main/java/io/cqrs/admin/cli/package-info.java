/**
 * {@code cqrs-admin}, the picocli command line of the admin library: one subcommand per step of
 * the old runbook, the same names as its make targets. Fixes in messages are named by their
 * switches ({@link io.cqrs.admin.AdminException#cliMessage()}).
 */
package io.cqrs.admin.cli;
