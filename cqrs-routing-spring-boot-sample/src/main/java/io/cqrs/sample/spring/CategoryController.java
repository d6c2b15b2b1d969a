package io.cqrs.sample.spring;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command side writes (source), the query side reads (replica). A client that wants to read its own
 * write passes the X-Consistency-Token the write answered with; the starter's filter does the rest.
 */
@RestController
public class CategoryController {

    private final CategoryRepository categories;

    public CategoryController(CategoryRepository categories) {
        this.categories = categories;
    }

    @PostMapping("/categories")
    @Transactional
    public Map<String, Object> create(@RequestParam("name") String name) {
        Category c = categories.save(new Category(name));
        return view(c, categories.servedBy());
    }

    @GetMapping("/categories/{id}")
    @Transactional(readOnly = true)
    public ResponseEntity<Map<String, Object>> get(@PathVariable("id") long id) {
        return categories.findById(id).map(c -> ResponseEntity.ok(view(c, categories.servedBy())))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static Map<String, Object> view(Category c, int servedBy) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.getId());
        out.put("name", c.getName());
        out.put("served_by", servedBy);
        return out;
    }
}
