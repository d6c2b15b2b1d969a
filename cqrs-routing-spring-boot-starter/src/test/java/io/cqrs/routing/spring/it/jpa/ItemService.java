package io.cqrs.routing.spring.it.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;

/** Transactions the way services write them; each returns the @@server_id of every statement it ran. */
@Service
public class ItemService {

    private final ItemRepository items;

    @PersistenceContext
    private EntityManager em;

    public ItemService(ItemRepository items) {
        this.items = items;
    }

    private int serverId() {
        return ((Number) em.createNativeQuery("SELECT @@server_id").getSingleResult()).intValue();
    }

    @Transactional(readOnly = true)
    public List<Integer> readOnly() {
        List<Integer> ids = new ArrayList<>();
        ids.add(serverId());
        items.findAll();
        ids.add(serverId());
        return ids;
    }

    /** Begins with a SELECT, then writes: everything on the source. */
    @Transactional
    public List<Integer> selectThenWrite(String name) {
        List<Integer> ids = new ArrayList<>();
        ids.add(serverId());
        items.findByName(name);
        items.count();
        Item saved = items.save(new Item(name));
        em.flush();
        ids.add(serverId());
        saved.setName(name + "-updated");
        em.flush();
        ids.add(serverId());
        return ids;
    }

    @Transactional
    public int write(String name) {
        items.save(new Item(name));
        em.flush();
        return serverId();
    }
}
