package io.tracepipe.anomaly.stats;

import static io.tracepipe.anomaly.stats.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.tracepipe.anomaly.eval.Culprit;
import io.tracepipe.anomaly.eval.WindowSummary;
import io.tracepipe.anomaly.model.SpanView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WindowStatsTest {

    private static final double[] QUANTILES = {0.5, 0.75, 0.9, 0.95, 0.99, 0.999};
    private static final long SLOW = Duration.ofMillis(500).toNanos();

    /** Spans each in their own trace, lognormal durations around 200 ms, 3 % errored. */
    private static List<SpanView> randomSpans(int n, long seed) {
        Random random = new Random(seed);
        List<SpanView> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long nanos = Math.round(200e6 * Math.exp(0.8 * random.nextGaussian()));
            spans.add(span().trace(String.format("%032x", i)).id(String.format("%016x", i)).lastingNanos(nanos)
                    .error(random.nextDouble() < 0.03).build());
        }
        return spans;
    }

    private static Supplier<SpanCauses> suspectOf(SpanView s) {
        return () -> TestWindows.causes("svc-" + (s.spanId().hashCode() & 3), "op", 0.5);
    }

    private static WindowStats statsOf(List<SpanView> spans) {
        WindowStats stats = new WindowStats();
        spans.forEach(s -> stats.add(s, SLOW, suspectOf(s)));
        return stats;
    }

    @Test
    void quantiles_are_within_one_percent_of_the_exact_values() {
        List<SpanView> spans = randomSpans(5000, 11);
        long[] durations = spans.stream().mapToLong(SpanView::durationNanos).toArray();

        WindowStats stats = statsOf(spans);

        for (double q : QUANTILES) {
            double exact = DurationSpec.exactQuantile(durations, q) / 1e9;
            assertThat(stats.quantileSeconds(q)).as("q=%s", q).isCloseTo(exact, within(exact * 0.01));
        }
        assertThat(stats.quantileSeconds(1)).isEqualTo(Arrays.stream(durations).max().getAsLong() / 1e9);
    }

    @Test
    void merging_partials_in_any_grouping_gives_the_same_aggregate() {
        List<SpanView> spans = randomSpans(3000, 5);
        Random assign = new Random(99);
        List<List<SpanView>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        spans.forEach(s -> parts.get(assign.nextInt(3)).add(s));

        WindowStats whole = statsOf(spans);
        WindowStats leftFirst = statsOf(parts.get(0));
        leftFirst.merge(statsOf(parts.get(1)));
        leftFirst.merge(statsOf(parts.get(2)));
        WindowStats rightFirst = statsOf(parts.get(1));
        rightFirst.merge(statsOf(parts.get(2)));
        WindowStats a = statsOf(parts.get(0));
        a.merge(rightFirst);
        WindowStats shuffled = statsOf(parts.get(2));
        shuffled.merge(statsOf(parts.get(0)));
        shuffled.merge(statsOf(parts.get(1)));

        for (WindowStats merged : List.of(leftFirst, a, shuffled)) {
            assertThat(merged.count()).isEqualTo(whole.count()).isEqualTo(3000);
            assertThat(merged.errors()).isEqualTo(whole.errors());
            assertThat(merged.slow()).isEqualTo(whole.slow());
            assertThat(merged.maxNanos()).isEqualTo(whole.maxNanos());
            assertThat(merged.exemplars()).isEqualTo(whole.exemplars());
            for (double q : QUANTILES) {
                double expected = whole.quantileSeconds(q);
                assertThat(merged.quantileSeconds(q)).as("q=%s", q).isCloseTo(expected, within(expected * 0.01));
            }
        }
    }

    @Test
    void merging_an_empty_aggregate_changes_nothing() {
        WindowStats stats = statsOf(randomSpans(100, 1));
        WindowSummary before = stats.summary();
        List<Exemplar> exemplarsBefore = stats.exemplars();

        stats.merge(new WindowStats());
        WindowStats empty = new WindowStats();
        empty.merge(stats);

        assertThat(stats.summary()).isEqualTo(before);
        assertThat(stats.exemplars()).isEqualTo(exemplarsBefore);
        assertThat(empty.summary()).isEqualTo(before);
    }

    @Test
    void exemplars_are_errored_first_then_longest_first() {
        WindowStats stats = new WindowStats();
        add(stats, "t1", 100, false);
        add(stats, "t2", 900, false);
        add(stats, "t3", 50, true);
        add(stats, "t4", 300, true);
        add(stats, "t5", 700, false);
        add(stats, "t6", 10, false);
        add(stats, "t7", 800, false);

        assertThat(stats.exemplars()).extracting(Exemplar::traceId).containsExactly("t4", "t3", "t2", "t7", "t5");
        assertThat(stats.exemplars()).hasSize(WindowStats.MAX_EXEMPLARS);
    }

    @Test
    void slowest_first_ranking_ignores_the_error_flag() {
        WindowStats stats = new WindowStats(ExemplarRanking.SLOWEST_FIRST);
        add(stats, "t1", 100, false);
        add(stats, "t2", 900, false);
        add(stats, "t3", 50, true);
        add(stats, "t4", 300, true);
        add(stats, "t5", 700, false);
        add(stats, "t6", 10, true);
        add(stats, "t7", 800, false);

        assertThat(stats.exemplars()).extracting(Exemplar::traceId).containsExactly("t2", "t7", "t5", "t4", "t1");
        WindowStats decoded = WindowStats.decode(stats.encode());
        add(decoded, "t8", 850, false);
        assertThat(decoded.exemplars()).as("the ranking survives encoding")
                .extracting(Exemplar::traceId).containsExactly("t2", "t8", "t7", "t5", "t4");
    }

    @Test
    void aggregates_ranked_differently_do_not_merge() {
        WindowStats errorsFirst = new WindowStats(ExemplarRanking.ERRORS_FIRST);
        assertThatThrownBy(() -> errorsFirst.merge(new WindowStats(ExemplarRanking.SLOWEST_FIRST)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_trace_holds_at_most_one_exemplar_its_worst_span() {
        WindowStats stats = new WindowStats();
        add(stats, "t1", 100, false);
        add(stats, "t1", 900, false);
        add(stats, "t1", 500, false);
        add(stats, "t2", 200, false);

        assertThat(stats.exemplars()).extracting(Exemplar::traceId, Exemplar::durationNanos)
                .containsExactly(tuple("t1", 900_000_000L), tuple("t2", 200_000_000L));
    }

    @Test
    void the_suspect_is_computed_only_for_spans_entering_the_exemplars() {
        WindowStats stats = new WindowStats();
        AtomicInteger calls = new AtomicInteger();
        Supplier<SpanCauses> counted = () -> {
            calls.incrementAndGet();
            return TestWindows.causes("db", "SELECT", 0.9);
        };
        for (int i = 0; i < 5; i++) {
            stats.add(span().trace("slow" + i).lasting(Duration.ofSeconds(2)).build(), -1, counted);
        }
        assertThat(calls).hasValue(5);

        for (int i = 0; i < 100; i++) {
            stats.add(span().trace("fast" + i).lasting(Duration.ofMillis(10)).build(), -1, counted);
        }
        assertThat(calls).hasValue(5);

        stats.add(span().trace("failed").lasting(Duration.ofMillis(1)).error().build(), -1, counted);
        assertThat(calls).hasValue(6);
        assertThat(stats.exemplars().get(0).traceId()).isEqualTo("failed");
        assertThat(stats.exemplars().get(0).suspect()).isEqualTo(new Culprit("db", "SELECT", 0.9));
    }

    @Test
    void counts_slow_spans_strictly_above_the_threshold() {
        WindowStats stats = new WindowStats();
        stats.add(span().lasting(Duration.ofMillis(500)).build(), SLOW, () -> SpanCauses.NONE);
        stats.add(span().trace("b").lasting(Duration.ofMillis(501)).build(), SLOW, () -> SpanCauses.NONE);
        stats.add(span().trace("c").lasting(Duration.ofSeconds(5)).build(), -1, () -> SpanCauses.NONE);

        assertThat(stats.slow()).isEqualTo(1);
    }

    @Test
    void summary_is_in_seconds() {
        WindowStats stats = TestWindows.stats(DurationSpec.nanos("100ms*98 2s 3s"), 4, SLOW);

        WindowSummary summary = stats.summary();

        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.errors()).isEqualTo(4);
        assertThat(summary.slow()).isEqualTo(2);
        assertThat(summary.p50Seconds()).isCloseTo(0.1, within(0.001));
        assertThat(summary.p95Seconds()).isCloseTo(0.1, within(0.001));
        assertThat(summary.p99Seconds()).isCloseTo(2.0, within(0.02));
        assertThat(summary.maxSeconds()).isEqualTo(3.0);
        assertThat(new WindowStats().summary()).isEqualTo(new WindowSummary(0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void encode_and_decode_round_trip() {
        WindowStats stats = statsOf(randomSpans(2000, 3));
        stats.add(span().trace("no-suspect").lasting(Duration.ofMinutes(5)).error().build(), SLOW, () -> SpanCauses.NONE);

        byte[] bytes = stats.encode();
        WindowStats decoded = WindowStats.decode(bytes);

        assertThat(decoded.count()).isEqualTo(stats.count());
        assertThat(decoded.errors()).isEqualTo(stats.errors());
        assertThat(decoded.slow()).isEqualTo(stats.slow());
        assertThat(decoded.maxNanos()).isEqualTo(stats.maxNanos());
        assertThat(decoded.summary()).isEqualTo(stats.summary());
        assertThat(decoded.quantileSeconds(0.999)).isEqualTo(stats.quantileSeconds(0.999));
        assertThat(decoded.exemplars()).isEqualTo(stats.exemplars());
        assertThat(decoded.exemplars().get(0).suspect()).isNull();
        assertThat(decoded.encode()).isEqualTo(bytes);
        // 2001 spans in well under a kilobyte: the sketch stores bucket counts, not durations
        assertThat(bytes.length).isLessThan(1500);

        WindowStats empty = WindowStats.decode(new WindowStats().encode());
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.summary()).isEqualTo(new WindowStats().summary());
    }

    @Test
    void decoded_aggregates_keep_merging() {
        List<SpanView> spans = randomSpans(1000, 8);
        WindowStats whole = statsOf(spans);
        WindowStats first = WindowStats.decode(statsOf(spans.subList(0, 400)).encode());

        first.merge(WindowStats.decode(statsOf(spans.subList(400, 1000)).encode()));

        assertThat(first.summary()).isEqualTo(whole.summary());
        assertThat(first.exemplars()).isEqualTo(whole.exemplars());
    }

    @Test
    void decode_rejects_what_it_did_not_write() {
        byte[] bytes = statsOf(randomSpans(10, 1)).encode();

        assertThatThrownBy(() -> WindowStats.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WindowStats.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] future = bytes.clone();
        future[0] = 5;
        assertThatThrownBy(() -> WindowStats.decode(future)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 5");
        assertThatThrownBy(() -> WindowStats.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- what explains the bad spans ----

    private static final List<String> KEYS = List.of("k8s.pod.name", "service.version");

    /** Gateway spans: failing ones started in auth (or, for one in eight, in the inventory database), 3 pods, one bad. */
    private static List<SpanView> gatewaySpans(int n, long seed) {
        Random random = new Random(seed);
        List<SpanView> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean failed = random.nextDouble() < 0.2;
            String pod = failed && random.nextDouble() < 0.9 ? "gateway-2" : "gateway-" + random.nextInt(3);
            spans.add(span().trace(String.format("%032x", i)).id(String.format("%016x", i)).service("gateway")
                    .operation("POST /orders").lasting(Duration.ofMillis(20 + random.nextInt(200))).error(failed)
                    .attr("k8s.pod.name", pod).attr("service.version", "1.4." + random.nextInt(2)).build());
        }
        return spans;
    }

    private static SpanCauses originOf(SpanView span) {
        boolean background = Integer.parseInt(span.spanId().substring(12), 16) % 8 == 0;
        return background ? TestWindows.causes("inventory", "SELECT inventory", 1) : TestWindows.causes("auth", "verify_token", 1);
    }

    private static WindowStats errorStatsOf(List<SpanView> spans) {
        WindowStats stats = new WindowStats(ExemplarRanking.ERRORS_FIRST);
        spans.forEach(s -> stats.add(s, -1, s.isError(), () -> originOf(s), KEYS));
        return stats;
    }

    @Test
    void every_bad_span_counts_towards_the_causes_not_only_the_exemplars() {
        List<SpanView> spans = gatewaySpans(2000, 4);
        long failed = spans.stream().filter(SpanView::isError).count();
        long fromInventory = spans.stream().filter(s -> s.isError() && originOf(s).causes().get(0).service().equals("inventory")).count();

        WindowStats stats = errorStatsOf(spans);

        assertThat(stats.bad()).isEqualTo(failed);
        HeavyHitters causes = stats.causes();
        assertThat(causes.total()).isEqualTo(failed);
        assertThat(causes.weight(SpanCauses.key("auth", "verify_token"))).isEqualTo(failed - fromInventory);
        assertThat(causes.weight(SpanCauses.key("inventory", "SELECT inventory"))).isEqualTo(fromInventory);
        HeavyHitters.Example example = causes.example(SpanCauses.key("auth", "verify_token"));
        assertThat(spans.stream().filter(s -> s.spanId().equals(example.spanId())).findFirst().orElseThrow().isError()).isTrue();
        assertThat(stats.causeSpans().total()).as("only latency counts spans per operation").isZero();
    }

    @Test
    void the_attribute_contrast_finds_the_pod_the_failures_come_from() {
        WindowStats stats = errorStatsOf(gatewaySpans(3000, 6));

        List<io.tracepipe.anomaly.eval.Explanation.Attribute> top = stats.attributes().mostOverRepresented(3, KEYS);

        assertThat(top).isNotEmpty();
        assertThat(top.get(0).key()).isEqualTo("k8s.pod.name");
        assertThat(top.get(0).value()).isEqualTo("gateway-2");
        assertThat(top.get(0).badShare()).isBetween(0.9, 0.97);
        assertThat(top.get(0).goodShare()).isBetween(0.25, 0.42);
        assertThat(stats.attributes().goodSpans()).as("one good span in four is counted")
                .isBetween((long) (0.8 * 3000 / 4 * 0.8), (long) (0.8 * 3000 / 4 * 1.2));
        assertThat(top).extracting(io.tracepipe.anomaly.eval.Explanation.Attribute::key).doesNotContain("service.version");
    }

    @Test
    void causes_and_attributes_merge_to_the_same_bytes_in_any_grouping() {
        List<SpanView> spans = gatewaySpans(3000, 9);
        Random random = new Random(2);
        byte[] whole = errorStatsOf(spans).encode();
        for (int trial = 0; trial < 10; trial++) {
            List<List<SpanView>> parts = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int i = 0; i < n; i++) {
                parts.add(new ArrayList<>());
            }
            spans.forEach(s -> parts.get(random.nextInt(n)).add(s));
            java.util.Collections.shuffle(parts, random);
            WindowStats merged = WindowStats.decode(errorStatsOf(parts.get(0)).encode());
            for (List<SpanView> part : parts.subList(1, n)) {
                merged.merge(WindowStats.decode(errorStatsOf(part).encode()));
            }
            assertThat(merged.encode()).as("trial %d", trial).isEqualTo(whole);
        }
    }

    @Test
    void latency_causes_weigh_self_time_and_count_the_spans_each_operation_slowed() {
        WindowStats stats = new WindowStats(ExemplarRanking.SLOWEST_FIRST);
        SpanCauses slowReserve = new SpanCauses(List.of(new SpanCauses.Cause("inventory", "reserve", 900),
                new SpanCauses.Cause("frontend", "POST /checkout", 100)), 1000);
        for (int i = 0; i < 6; i++) {
            stats.add(span().trace("t" + i).id("s" + i).lasting(Duration.ofMillis(1000 + i)).build(), SLOW, true,
                    () -> slowReserve, List.of());
        }
        stats.add(span().trace("fast").lasting(Duration.ofMillis(10)).build(), SLOW, false,
                () -> { throw new AssertionError("a good span's path is not walked unless it becomes an exemplar"); }, List.of());

        assertThat(stats.bad()).isEqualTo(6);
        assertThat(stats.causes().total()).isEqualTo(6000);
        assertThat(stats.causes().weight(SpanCauses.key("inventory", "reserve"))).isEqualTo(5400);
        assertThat(stats.causeSpans().weight(SpanCauses.key("frontend", "POST /checkout"))).isEqualTo(6);
    }

    @Test
    void a_partial_written_before_the_distinct_value_sketch_is_still_read() {
        WindowStats stats = statsOf(randomSpans(300, 3));
        byte[] current = stats.encode();
        // version 3 is version 4 without the trailing distinct-value flag
        byte[] previous = Arrays.copyOf(current, current.length - 1);
        previous[0] = 3;

        WindowStats read = WindowStats.decode(previous);

        assertThat(read.distinctValues()).isZero();
        assertThat(read.encode()).isEqualTo(current);
    }

    @Test
    void a_partial_written_before_the_explanations_is_still_read() {
        WindowStats stats = statsOf(randomSpans(300, 2));
        byte[] current = stats.encode();
        // version 2 is version 4 without the trailing bad count, cause summaries and attribute contrast (11 bytes when
        // empty) and the distinct-value flag (1 byte)
        byte[] previous = Arrays.copyOf(current, current.length - 12);
        previous[0] = 2;

        WindowStats read = WindowStats.decode(previous);

        assertThat(read.summary()).isEqualTo(stats.summary());
        assertThat(read.exemplars()).isEqualTo(stats.exemplars());
        assertThat(read.bad()).isZero();
        assertThat(read.encode()).isEqualTo(current);
    }

    @Test
    void a_window_with_100000_distinct_attribute_values_stays_under_16_kilobytes() {
        List<String> keys = io.tracepipe.anomaly.rules.ExplanationKeys.DEFAULTS;
        WindowStats stats = new WindowStats(ExemplarRanking.ERRORS_FIRST);
        for (int i = 0; i < 100_000; i++) {
            var builder = span().trace(String.format("%032x", i)).id(String.format("%016x", i)).error(i % 3 == 0)
                    .lasting(Duration.ofMillis(1 + i % 500));
            for (String key : keys) {
                builder.attr(key, key.charAt(0) + "-value-" + i);
            }
            SpanCauses origin = TestWindows.causes("svc-" + (i % 1000), "op-" + (i % 7), 1);
            stats.add(builder.build(), -1, i % 3 == 0, () -> origin, keys);
        }

        byte[] bytes = stats.encode();

        assertThat(stats.attributes().capped()).as("the values that did not fit are counted").isPositive();
        assertThat(stats.causes().size()).isLessThanOrEqualTo(WindowStats.CAUSE_CAPACITY);
        assertThat(bytes.length).isLessThan(16 * 1024);
        System.out.printf("window of 100,000 spans, %d distinct values per key, %d keys: %d bytes encoded%n",
                100_000, keys.size(), bytes.length);
    }

    private static void add(WindowStats stats, String traceId, long millis, boolean error) {
        stats.add(span().trace(traceId).id(traceId + "-" + millis).lasting(Duration.ofMillis(millis)).error(error).build(),
                -1, () -> SpanCauses.NONE);
    }
}
