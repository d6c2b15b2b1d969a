package io.cqrs.routing.stub;

import java.sql.Connection;

/** Implemented by every stub connection, so tests can unwrap to "the driver's class". */
public interface StubMarker extends Connection {
}
