package io.cqrs.routing.spring.it.jpa;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * A repository without the interface-level annotation: Spring Data gives its declared query methods no
 * transaction, so they run on an auto-commit connection that is not read-only, which goes to the source.
 */
public interface PlainItemRepository extends JpaRepository<Item, Long> {

    @Query(value = "SELECT @@server_id", nativeQuery = true)
    int serverId();
}
