package io.tracepipe.anomaly.stats;

import static io.tracepipe.anomaly.stats.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracepipe.anomaly.eval.Explanation;
import io.tracepipe.anomaly.model.SpanView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributeContrastTest {

    private static final List<String> POD = List.of("k8s.pod.name");

    /** Spans numbered from {@code first}, the first {@code onPodA} of them on pod-a and the rest on pod-b. */
    private static List<SpanView> spans(int first, int count, int onPodA) {
        List<SpanView> spans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spans.add(span().id(String.format("%016x", first + i)).attr("k8s.pod.name", i < onPodA ? "pod-a" : "pod-b").build());
        }
        return spans;
    }

    private static AttributeContrast contrastOf(List<SpanView> bad, List<SpanView> good) {
        AttributeContrast contrast = new AttributeContrast();
        bad.forEach(s -> contrast.add(s, true, POD));
        good.forEach(s -> contrast.add(s, false, POD));
        return contrast;
    }

    @Test
    void aFewBadSpansDoNotMakeAPattern() {
        // 75 % against 53 %: a real difference with 400 bad spans, chance with 24
        List<SpanView> good = spans(1_000_000, 8000, 4240);

        AttributeContrast few = contrastOf(spans(0, 24, 18), good);
        AttributeContrast many = contrastOf(spans(0, 400, 300), good);

        assertThat(few.mostOverRepresented(3, POD)).isEmpty();
        assertThat(many.mostOverRepresented(3, POD)).extracting(Explanation.Attribute::value).containsExactly("pod-a");
    }

    @Test
    void oneGoodSpanInFourIsCountedTheSameOnesWhateverTheOrder() {
        List<SpanView> good = spans(0, 4000, 2000);
        AttributeContrast forwards = contrastOf(List.of(), good);
        List<SpanView> reversed = new ArrayList<>(good);
        java.util.Collections.reverse(reversed);
        AttributeContrast backwards = contrastOf(List.of(), reversed);

        assertThat(forwards.goodSpans()).isBetween(900L, 1100L).isEqualTo(backwards.goodSpans());
        assertThat(good.stream().filter(AttributeContrast::sampled).count()).isEqualTo(forwards.goodSpans());
    }

    @Test
    void whatDoesNotFitIsCountedAndLongValuesAreCut() {
        AttributeContrast contrast = new AttributeContrast();
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < AttributeContrast.MAX_KEYS + 3; k++) {
            keys.add("key-" + k);
        }
        for (int i = 0; i < 100; i++) {
            TestSpans builder = span().id(String.format("%016x", i));
            keys.forEach(key -> builder.attr(key, "v"));
            builder.attr("key-0", "x".repeat(200));
            builder.attr("key-1", "value-" + (i % 20));
            contrast.add(builder.build(), true, keys);
        }

        // 3 keys beyond the limit in 100 spans; key-1's 20 values in 8 counters leave at least 100 - 8 * (100 / 20)
        assertThat(contrast.capped()).isGreaterThanOrEqualTo(300 + 60);
        BinaryWriter out = new BinaryWriter();
        contrast.writeTo(out);
        assertThat(new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("x".repeat(AttributeContrast.MAX_VALUE_LENGTH - 1) + "…")
                .doesNotContain("x".repeat(AttributeContrast.MAX_VALUE_LENGTH));
    }

    @Test
    void withoutGoodSpansThereIsNothingToCompareWith() {
        assertThat(contrastOf(spans(0, 100, 100), List.of()).mostOverRepresented(3, POD)).isEmpty();
    }
}
