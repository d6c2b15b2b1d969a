package io.cqrs.routing.spring.autoconfigure;

/** A {@code cqrs.*} property the router rejected; the message names the property, the bad value (never a password) and the fix. */
public class InvalidRoutingPropertiesException extends IllegalArgumentException {

    public InvalidRoutingPropertiesException(String message, Throwable cause) {
        super(message, cause);
    }
}
