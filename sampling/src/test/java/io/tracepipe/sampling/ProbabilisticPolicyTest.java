package io.tracepipe.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tracepipe.ingest.Ids;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** probabilistic: decided on the trace id alone, in agreement with upstream TraceIdRatioBased samplers. */
class ProbabilisticPolicyTest {

    private static final long T = 1_790_000_000_000L;

    private static Policy probabilistic(String percentage) {
        return TestPolicies.policy("{name: p, type: probabilistic, probabilistic: {sampling_percentage: " + percentage + "}}");
    }

    private static Policy salted(String percentage, String salt) {
        return TestPolicies.policy("{name: p, type: probabilistic, probabilistic: {sampling_percentage: " + percentage
                + ", hash_salt: '" + salt + "'}}");
    }

    /**
     * The OpenTelemetry SDK's TraceIdRatioBased rule as its documentation states it, written
     * independently: the SDK is handed the trace id as 32 hex digits and assumes "the lower 64 bits
     * of the traceId are randomly distributed around the whole (long) range"; it samples when the
     * absolute value of those bits, as a signed long, is below ratio × Long.MAX_VALUE, the limits
     * 0 and 1 being special-cased to Long.MIN_VALUE and Long.MAX_VALUE.
     */
    private static boolean sdkWouldSample(String traceIdHex, String ratioText) {
        double ratio = Double.parseDouble(ratioText); // as OTEL_TRACES_SAMPLER_ARG is read
        long bound = ratio == 0.0 ? Long.MIN_VALUE : ratio == 1.0 ? Long.MAX_VALUE : (long) (ratio * Long.MAX_VALUE);
        long lower64 = Long.parseUnsignedLong(traceIdHex.substring(16), 16);
        return Math.abs(lower64) < bound;
    }

    @ParameterizedTest(name = "at {0}%")
    @ValueSource(strings = {"0", "0.001", "0.1", "1", "10", "25", "33.3", "50", "75", "99.9", "100"})
    void agreesWithTraceIdRatioBasedAtTheSameRatioOnRandomIds(String percentage) {
        Policy policy = probabilistic(percentage);
        String ratio = new BigDecimal(percentage).movePointLeft(2).toPlainString();
        Random random = new Random(percentage.hashCode());
        for (int i = 0; i < 20_000; i++) {
            byte[] id = TestTraces.randomId(random);
            boolean expected = sdkWouldSample(Ids.toHex(id), ratio);
            assertThat(policy.evaluate(TestTraces.withId(id), T).samples()).as("trace %s", Ids.toHex(id)).isEqualTo(expected);
        }
    }

    @Test
    void keepsTheSdkEdgeCasesAtZeroAndOneHundredPercent() {
        Policy none = probabilistic("0");
        Policy all = probabilistic("100");
        CandidateTrace minLow = TestTraces.withId(idWithLow64(Long.MIN_VALUE));
        CandidateTrace maxLow = TestTraces.withId(idWithLow64(Long.MAX_VALUE));
        CandidateTrace minusMaxLow = TestTraces.withId(idWithLow64(-Long.MAX_VALUE));
        CandidateTrace zeroLow = TestTraces.withId(idWithLow64(0));
        // |Long.MIN_VALUE| is Long.MIN_VALUE itself, below every bound but the one used for 0 %
        assertThat(none.evaluate(minLow, T)).isEqualTo(Vote.NOT_SAMPLED);
        assertThat(all.evaluate(minLow, T)).isEqualTo(Vote.SAMPLED);
        assertThat(none.evaluate(zeroLow, T)).isEqualTo(Vote.NOT_SAMPLED);
        assertThat(all.evaluate(zeroLow, T)).isEqualTo(Vote.SAMPLED);
        // the comparison is strict, so ±Long.MAX_VALUE is not sampled even at 100 %, as in the SDK
        assertThat(all.evaluate(maxLow, T)).isEqualTo(Vote.NOT_SAMPLED);
        assertThat(all.evaluate(minusMaxLow, T)).isEqualTo(Vote.NOT_SAMPLED);
    }

    @Test
    void readsOnlyTheLastEightBytesOfTheTraceIdBigEndian() {
        Policy half = probabilistic("50");
        byte[] small = idWithLow64(1);
        byte[] large = idWithLow64(0x7000_0000_0000_0000L);
        small[0] = (byte) 0xff; // the first 8 bytes do not matter
        assertThat(half.evaluate(TestTraces.withId(small), T)).isEqualTo(Vote.SAMPLED);
        assertThat(half.evaluate(TestTraces.withId(large), T)).isEqualTo(Vote.NOT_SAMPLED);
    }

    @Test
    void everyInstanceAndEveryReplayDecidesTheSameForATraceId() {
        String yaml = "{name: ten, type: probabilistic, probabilistic: {sampling_percentage: 10}}";
        String saltedYaml = "{name: salted, type: probabilistic, probabilistic: {sampling_percentage: 10, hash_salt: s1}}";
        Sampler instanceA = TestPolicies.sampler(yaml, saltedYaml);
        Sampler instanceB = TestPolicies.sampler(yaml, saltedYaml);
        Random random = new Random(42);
        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            CandidateTrace trace = TestTraces.withId(TestTraces.randomId(random));
            SamplingDecision a = instanceA.decide(trace, T + i);
            assertThat(instanceB.decide(trace, T + 7 * i)).isEqualTo(a);
            assertThat(instanceA.decide(trace, T + 99_999)).as("replay").isEqualTo(a);
            kept += a.keep() ? 1 : 0;
        }
        assertThat(kept).isBetween(1_500, 2_300); // about 1 - 0.9 × 0.9 = 19 %
    }

    @ParameterizedTest(name = "at {0}%")
    @ValueSource(strings = {"1", "10", "33.3", "50", "90"})
    void theSampledShareOfManyRandomIdsIsThePercentage(String percentage) {
        double expected = Double.parseDouble(percentage);
        assertThat(sampledPercent(probabilistic(percentage))).isCloseTo(expected, within(0.5));
        assertThat(sampledPercent(salted(percentage, "tracepipe"))).isCloseTo(expected, within(0.5));
    }

    private static double sampledPercent(Policy policy) {
        Random random = new Random(1234);
        int sampled = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            if (policy.evaluate(TestTraces.withId(TestTraces.randomId(random)), T).samples()) {
                sampled++;
            }
        }
        return 100.0 * sampled / n;
    }

    @Test
    void differentSaltsDrawIndependentSamples() {
        Policy a = salted("50", "a");
        Policy b = salted("50", "b");
        Random random = new Random(5);
        int both = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            CandidateTrace trace = TestTraces.withId(TestTraces.randomId(random));
            if (a.evaluate(trace, T).samples() && b.evaluate(trace, T).samples()) {
                both++;
            }
        }
        assertThat(100.0 * both / n).isCloseTo(25.0, within(1.5));
    }

    @Test
    void aSaltedZeroPercentKeepsNothing() {
        Policy none = salted("0", "x");
        Random random = new Random(9);
        for (int i = 0; i < 10_000; i++) {
            assertThat(none.evaluate(TestTraces.withId(TestTraces.randomId(random)), T)).isEqualTo(Vote.NOT_SAMPLED);
        }
    }

    @Test
    void theSaltedHashIsFnv1a64OverTheSaltThenTheTraceId() {
        // the published FNV-1a 64-bit test vectors
        assertThat(SaltedHashRule.hash(new byte[0], new byte[0])).isEqualTo(0xcbf29ce484222325L);
        assertThat(SaltedHashRule.hash(bytes("a"), new byte[0])).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(SaltedHashRule.hash(bytes("foo"), bytes("bar"))).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void theSaltedThresholdIsTheCollectorsRoundedProduct() {
        // ratio × (2^64 − 1) rounded to 64 significant bits then truncated, as Go's big.Float computes it
        assertThat(Long.toUnsignedString(SaltedHashRule.threshold(1.0))).isEqualTo("18446744073709551615");
        assertThat(Long.toUnsignedString(SaltedHashRule.threshold(0.5))).isEqualTo("9223372036854775807");
        assertThat(Long.toUnsignedString(SaltedHashRule.threshold(0.1))).isEqualTo("1844674407370955263");
        assertThat(Long.toUnsignedString(SaltedHashRule.threshold(0.001))).isEqualTo("18446744073709551");
    }

    private static byte[] idWithLow64(long low) {
        return ByteBuffer.allocate(16).putLong(0x0123_4567_89ab_cdefL).putLong(low).array();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
