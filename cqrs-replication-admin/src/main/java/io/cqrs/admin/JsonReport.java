package io.cqrs.admin;

import io.cqrs.admin.internal.Json;

import java.util.Map;

/**
 * A report that renders itself as a JSON object: diagnoses, plans, findings, recovery results,
 * verify reports. {@link #toMap()} gives the fields in order (values are strings, numbers,
 * booleans, enums, lists, maps or other reports); {@link #toJson()} writes them.
 */
public interface JsonReport {

    /** The fields in output order. */
    Map<String, Object> toMap();

    /** The fields as one JSON object (RFC 8259). */
    default String toJson() {
        return Json.write(this);
    }
}
