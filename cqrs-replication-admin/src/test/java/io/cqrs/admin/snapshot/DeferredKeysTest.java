package io.cqrs.admin.snapshot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeferredKeysTest {

    @Test
    void plainKeys_andThenForeignKeys_moveToAnAlterEach_primaryUniqueFulltextAndChecksStay() {
        String create = """
                CREATE TABLE `order_items` (
                  `order_id` bigint unsigned NOT NULL,
                  `line_no` smallint unsigned NOT NULL,
                  `product_id` int unsigned NOT NULL,
                  `note` text,
                  PRIMARY KEY (`order_id`,`line_no`),
                  UNIQUE KEY `uk_x` (`order_id`,`product_id`),
                  KEY `ix_order_items_product` (`product_id`) COMMENT 'a, b',
                  FULLTEXT KEY `ft_note` (`note`),
                  CONSTRAINT `fk_order_items_order` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE CASCADE,
                  CONSTRAINT `positive` CHECK ((`line_no` > 0)),
                  CONSTRAINT `fk_order_items_product` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""";
        DeferredKeys d = DeferredKeys.split("`order_items`", create);
        assertThat(d.createSql()).isEqualTo("""
                CREATE TABLE `order_items` (
                  `order_id` bigint unsigned NOT NULL,
                  `line_no` smallint unsigned NOT NULL,
                  `product_id` int unsigned NOT NULL,
                  `note` text,
                  PRIMARY KEY (`order_id`,`line_no`),
                  UNIQUE KEY `uk_x` (`order_id`,`product_id`),
                  FULLTEXT KEY `ft_note` (`note`),
                  CONSTRAINT `positive` CHECK ((`line_no` > 0))
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
        assertThat(d.keysSql()).isEqualTo("ALTER TABLE `order_items` ADD KEY `ix_order_items_product` (`product_id`) COMMENT 'a, b'");
        assertThat(d.foreignKeysSql()).isEqualTo("ALTER TABLE `order_items`"
                + " ADD CONSTRAINT `fk_order_items_order` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`) ON DELETE CASCADE,"
                + " ADD CONSTRAINT `fk_order_items_product` FOREIGN KEY (`product_id`) REFERENCES `products` (`id`)");
        assertThat(d.deferred()).isTrue();
    }

    @Test
    void nothingToDefer_orNotTheShowCreateLayout_leavesTheTextAlone() {
        String plain = "CREATE TABLE `t` (\n  `id` int NOT NULL,\n  `key` int,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB";
        assertThat(DeferredKeys.split("`t`", plain)).isEqualTo(new DeferredKeys(plain, null, null));
        assertThat(DeferredKeys.split("`t`", plain).deferred()).isFalse();
        String oneLine = "CREATE TABLE t (id int PRIMARY KEY, v int, KEY ix (v))";
        assertThat(DeferredKeys.split("`t`", oneLine)).isEqualTo(new DeferredKeys(oneLine, null, null));
        String lastLineKey = "CREATE TABLE `t` (\n  `id` int NOT NULL,\n  `v` int,\n  KEY `ix` (`v`)\n) ENGINE=InnoDB\n/*!50100 PARTITION BY HASH (`id`) PARTITIONS 2 */";
        DeferredKeys d = DeferredKeys.split("`t`", lastLineKey);
        assertThat(d.createSql()).isEqualTo("CREATE TABLE `t` (\n  `id` int NOT NULL,\n  `v` int\n) ENGINE=InnoDB\n/*!50100 PARTITION BY HASH (`id`) PARTITIONS 2 */");
        assertThat(d.keysSql()).isEqualTo("ALTER TABLE `t` ADD KEY `ix` (`v`)");
        assertThat(d.foreignKeysSql()).isNull();
    }

    @Test
    void aTableWithForeignKeysOnly_getsNoKeysAlter() {
        String create = "CREATE TABLE `c` (\n  `id` int NOT NULL,\n  `p` int NOT NULL,\n  PRIMARY KEY (`id`,`p`),\n"
                + "  CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `p` (`id`)\n) ENGINE=InnoDB";
        DeferredKeys d = DeferredKeys.split("`c`", create);
        assertThat(d.createSql()).isEqualTo("CREATE TABLE `c` (\n  `id` int NOT NULL,\n  `p` int NOT NULL,\n  PRIMARY KEY (`id`,`p`)\n) ENGINE=InnoDB");
        assertThat(d.keysSql()).isNull();
        assertThat(d.foreignKeysSql()).isEqualTo("ALTER TABLE `c` ADD CONSTRAINT `fk` FOREIGN KEY (`p`) REFERENCES `p` (`id`)");
    }
}
