package io.cqrs.routing.spring.it.jpa;

import io.cqrs.routing.spring.it.ThreadDecisions;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** A Spring Data JPA application: nothing but the starter's properties points it at the servers. */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
        "org.mybatis.spring.boot.autoconfigure.MybatisAutoConfiguration",
        "org.springframework.boot.autoconfigure.jooq.JooqAutoConfiguration",
        "org.springframework.boot.jooq.autoconfigure.JooqAutoConfiguration"})
@Import({ItemService.class, ItemController.class, ThreadDecisions.class})
public class JpaApp {
}
