package io.cqrs.admin.identity;

import io.cqrs.admin.AdminException;

/**
 * A command was refused, changing nothing, because a server is not the one the operator meant:
 * the replica is the source, it replicates from another source, or other replicas follow it.
 */
public final class WrongServerException extends AdminException {

    WrongServerException(String template, Remedy... remedies) {
        super(template, remedies);
    }
}
