package io.cqrs.sample.spring;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/**
 * Read-only at interface level (Spring Data's advice): its query methods read from a replica; save and
 * delete keep their read-write transactions and go to the source.
 */
@Transactional(readOnly = true)
public interface CategoryRepository extends JpaRepository<Category, Long> {

    List<Category> findByNameStartingWith(String prefix);

    /** Which server answered: for the demo only. */
    @Query(value = "SELECT @@server_id", nativeQuery = true)
    int servedBy();
}
