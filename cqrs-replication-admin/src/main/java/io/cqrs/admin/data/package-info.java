/** The runbook's sample shop database ({@code sample_db}), created with deterministic rows by {@code create-data}. */
package io.cqrs.admin.data;
