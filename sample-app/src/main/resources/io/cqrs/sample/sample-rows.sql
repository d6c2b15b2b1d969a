-- A few rows to read (idempotent: INSERT IGNORE on the unique category name).
INSERT IGNORE INTO categories (id, name) VALUES (1, 'Electronics'), (2, 'Kitchen'), (3, 'Garden');
INSERT IGNORE INTO products (id, category_id, name, price_cents, stock) VALUES
  (1, 1, 'USB-C cable', 990, 120),
  (2, 1, 'USB-C charger', 2490, 40),
  (3, 2, 'Chef knife', 5900, 15),
  (4, 2, 'Cutting board', 1990, 30),
  (5, 3, 'Garden hose', 3490, 12);
