package io.cqrs.routing.spring.it.jpa;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/** One request, two transactions: read-only then read-write (with open-session-in-view, one EntityManager for both). */
@RestController
public class ItemController {

    private final ItemService service;
    private final ItemRepository items;

    public ItemController(ItemService service, ItemRepository items) {
        this.service = service;
        this.items = items;
    }

    /** server ids: the read-only transaction's two statements, then the write transaction's. */
    @PostMapping("/read-then-write")
    public List<Integer> readThenWrite(@RequestParam("name") String name) {
        List<Integer> ids = new ArrayList<>(service.readOnly());
        ids.add(service.write(name));
        return ids;
    }

    /** A repository read outside any service transaction: Spring Data's own read-only default. */
    @GetMapping("/repository-read")
    public int repositoryRead() {
        items.findAll();
        return items.serverId();
    }
}
