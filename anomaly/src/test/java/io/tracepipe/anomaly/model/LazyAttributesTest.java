package io.tracepipe.anomaly.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyAttributesTest {
    @Test
    void buildsTheMapOnlyOnTheFirstRead() {
        AtomicInteger builds = new AtomicInteger();
        Map<String, Object> attributes = LazyAttributes.of(() -> {
            builds.incrementAndGet();
            return Map.of("http.route", "/cart");
        });
        SpanView span = new SpanView("t", "s", "", "cart", "GET /cart", SpanKind.SERVER, SpanStatus.OK, 0, 10, attributes);

        assertThat(builds).hasValue(0);
        assertThat(span.attributes().get("http.route")).isEqualTo("/cart");
        assertThat(span.attributes()).containsOnlyKeys("http.route");
        assertThat(builds).hasValue(1);
    }

    @Test
    void isACopyThatCannotBeChanged() {
        Map<String, Object> source = new HashMap<>(Map.of("a", 1L));
        Map<String, Object> attributes = LazyAttributes.of(() -> source);
        assertThat(attributes).containsEntry("a", 1L);

        source.put("b", 2L);

        assertThat(attributes).doesNotContainKey("b");
        assertThatThrownBy(() -> attributes.put("c", 3L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
