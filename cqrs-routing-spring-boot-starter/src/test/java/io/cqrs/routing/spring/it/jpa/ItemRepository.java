package io.cqrs.routing.spring.it.jpa;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/**
 * Spring Data's advice for repositories: read-only at interface level, so declared query methods run in
 * read-only transactions (→ a replica); the inherited save/delete keep SimpleJpaRepository's read-write ones.
 */
@Transactional(readOnly = true)
public interface ItemRepository extends JpaRepository<Item, Long> {

    /** A derived query: read-only by the interface's annotation. */
    List<Item> findByName(String name);

    @Query(value = "SELECT @@server_id", nativeQuery = true)
    int serverId();
}
