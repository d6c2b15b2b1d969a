/**
 * The small core shared by the router and the admin toolkit: GTID sets in both server
 * formats and the server flavour/version, so neither module depends on the other.
 */
package io.cqrs.common;
