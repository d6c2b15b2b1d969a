package io.cqrs.routing.spring.it.web;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads of the token tests: each read says which server served it. */
@RestController
public class NoteController {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate write;
    private final TransactionTemplate read;

    public NoteController(JdbcTemplate jdbc, PlatformTransactionManager tm) {
        this.jdbc = jdbc;
        this.write = new TransactionTemplate(tm);
        this.read = new TransactionTemplate(tm);
        this.read.setReadOnly(true);
    }

    @PostMapping("/notes")
    public long create(@RequestParam("text") String text) {
        return write.execute(s -> {
            jdbc.update("INSERT INTO note (text) VALUES (?)", text);
            return jdbc.queryForObject("SELECT LAST_INSERT_ID()", Long.class);
        });
    }

    @GetMapping("/notes/{id}")
    public Map<String, Object> get(@PathVariable("id") long id) {
        return read.execute(s -> {
            Map<String, Object> out = new LinkedHashMap<>();
            List<String> text = jdbc.queryForList("SELECT text FROM note WHERE id = ?", String.class, id);
            out.put("text", text.isEmpty() ? null : text.get(0));
            out.put("servedBy", jdbc.queryForObject("SELECT @@server_id", Integer.class));
            return out;
        });
    }
}
