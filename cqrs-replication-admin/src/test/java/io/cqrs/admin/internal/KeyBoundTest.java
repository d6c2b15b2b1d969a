package io.cqrs.admin.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key comparisons as SQL, and the order their placeholders take the key's values. */
class KeyBoundTest {

    private static final List<String> ONE = List.of("`id`");
    private static final List<String> TWO = List.of("`a`", "`b`");
    private static final List<String> THREE = List.of("`a`", "`b`", "`c`");

    @Test
    void oneColumn_isAPlainComparison() {
        assertThat(KeyBound.AFTER.sql(ONE)).isEqualTo("`id` > ?");
        assertThat(KeyBound.AT_OR_BEFORE.sql(ONE)).isEqualTo("`id` <= ?");
        assertThat(KeyBound.bind(List.of(7L))).containsExactly(7L);
        assertThat(KeyBound.markers(1)).isEqualTo(1);
    }

    @Test
    void compositeKey_isSpeltOut_withTheLeadingColumnsRangeFirst() {
        assertThat(KeyBound.AFTER.sql(TWO)).isEqualTo("`a` >= ? AND ((`a` > ?) OR (`a` = ? AND `b` > ?))");
        assertThat(KeyBound.AT_OR_BEFORE.sql(TWO)).isEqualTo("`a` <= ? AND ((`a` < ?) OR (`a` = ? AND `b` <= ?))");
        assertThat(KeyBound.AFTER.sql(THREE))
                .isEqualTo("`a` >= ? AND ((`a` > ?) OR (`a` = ? AND `b` > ?) OR (`a` = ? AND `b` = ? AND `c` > ?))");
        assertThat(KeyBound.AT_OR_BEFORE.sql(THREE))
                .isEqualTo("`a` <= ? AND ((`a` < ?) OR (`a` = ? AND `b` < ?) OR (`a` = ? AND `b` = ? AND `c` <= ?))");
    }

    @Test
    void bind_givesEveryPlaceholderItsValue() {
        assertThat(KeyBound.bind(List.of("x", 5))).containsExactly("x", "x", "x", 5);
        assertThat(KeyBound.bind(List.of("x", 5, 'z'))).containsExactly("x", "x", "x", 5, "x", 5, 'z');
        for (List<String> key : List.of(ONE, TWO, THREE)) {
            long placeholders = KeyBound.AFTER.sql(key).chars().filter(ch -> ch == '?').count();
            assertThat(placeholders).isEqualTo(KeyBound.markers(key.size()));
            assertThat(KeyBound.bind(key)).hasSize(KeyBound.markers(key.size()));
        }
    }

    @Test
    void aKeyHasColumns() {
        assertThatThrownBy(() -> KeyBound.AFTER.sql(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
