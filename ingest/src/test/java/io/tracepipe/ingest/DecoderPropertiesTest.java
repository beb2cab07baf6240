package io.tracepipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Properties of the decoder on hostile input, checked on thousands of generated cases each:
 * random bytes, valid records cut short, valid records with bytes flipped, slices dropped or
 * repeated, in every encoding. Each input either decodes into fragments or becomes dead letters
 * with a reason, never throws, and when it parses as OTLP protobuf every span comes out exactly
 * once (in a fragment of its own trace or in an invalid-spans dead letter).
 *
 * <p>Cases come from a seeded generator: {@code -Ddecoder.cases=N} (default 2000 per property and
 * encoding) and {@code -Ddecoder.seed=S} (default fixed, so CI is repeatable); a failure names the
 * case's seed.
 */
class DecoderPropertiesTest {
    private static final int CASES = Integer.getInteger("decoder.cases", 2_000);
    private static final long SEED = Long.getLong("decoder.seed", 20261124L);

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void randomBytesDecodeOrBecomeDeadLettersWithAReason(Encoding encoding) {
        forAll(encoding, random -> randomBytes(random, 600));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void randomBytesBehindAPlausibleFirstByteDecodeOrBecomeDeadLetters(Encoding encoding) {
        // 0x0A: resource_spans' tag; 0: Confluent's magic byte; '{' and ' ': the start of JSON
        byte[] firsts = {0x0A, 0, '{', ' '};
        forAll(encoding, random -> {
            byte[] value = randomBytes(random, 400);
            if (value.length > 0) {
                value[0] = firsts[random.nextInt(firsts.length)];
            }
            return value;
        });
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void truncatedValidRecordsDecodeOrBecomeDeadLetters(Encoding encoding) {
        forAll(encoding, random -> {
            byte[] value = serialized(validRecord(random), encoding);
            return Arrays.copyOf(value, random.nextInt(value.length + 1));
        });
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void mutatedValidRecordsDecodeOrBecomeDeadLetters(Encoding encoding) {
        forAll(encoding, random -> {
            byte[] value = serialized(validRecord(random), encoding);
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                value = mutate(value, random);
            }
            return value;
        });
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"OTLP_PROTO", "AUTO"})
    void validRecordsLoseNoSpanAndSetBadIdsAside(Encoding encoding) {
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(encoding);
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            TracesData data = validRecord(new Random(seed));
            try {
                DecodedRecord decoded = decoder.decode(data.toByteArray());

                List<Span> spans = OtlpTraces.spans(data);
                long invalid = spans.stream().filter(s -> ReferenceFragmenter.problemWith(s) != null).count();
                assertThat(decoded.spanCount()).isEqualTo(spans.size() - invalid);
                assertThat(TestSpans.spansOut(decoded)).isEqualTo(spans.size());
            } catch (AssertionError e) {
                throw new AssertionError("case " + i + " (decoder.seed=" + seed + "): " + data, e);
            }
        }
    }

    private static void forAll(Encoding encoding, Function<Random, byte[]> inputs) {
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(encoding);
        for (int i = 0; i < CASES; i++) {
            long seed = SEED + i;
            byte[] value = inputs.apply(new Random(seed));
            try {
                TestSpans.assertDecodedWithoutLoss(decoder, encoding, value);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("case " + i + " (decoder.seed=" + seed + ", " + encoding + "): " + Arrays.toString(value), e);
            }
        }
    }

    /** The record as protobuf; for the JSON encoding the specification's example document (there is no JSON writer). */
    private static byte[] serialized(TracesData data, Encoding encoding) {
        return encoding == Encoding.OTLP_JSON ? OtlpJsonTest.SPEC_DOCUMENT.getBytes(StandardCharsets.UTF_8) : data.toByteArray();
    }

    private static byte[] randomBytes(Random random, int maxLength) {
        byte[] value = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(value);
        return value;
    }

    /** One to three resources of one to three scopes of one to six spans; ids from small pools, now and then zeros or a wrong length. */
    static TracesData validRecord(Random random) {
        TracesData.Builder data = TracesData.newBuilder();
        for (int r = 1 + random.nextInt(3); r > 0; r--) {
            ResourceSpans.Builder rs = data.addResourceSpansBuilder()
                    .setResource(Resource.newBuilder().addAttributes(attribute("service.name", text(random, 12))));
            for (int s = 1 + random.nextInt(3); s > 0; s--) {
                ScopeSpans.Builder ss = rs.addScopeSpansBuilder();
                for (int n = 1 + random.nextInt(6); n > 0; n--) {
                    ss.addSpans(Span.newBuilder()
                            .setTraceId(id(random, Ids.TRACE_ID_BYTES, 4))
                            .setSpanId(id(random, Ids.SPAN_ID_BYTES, 1_000))
                            .setName(text(random, 20))
                            .setStartTimeUnixNano(time(random))
                            .setEndTimeUnixNano(time(random))
                            .addAttributes(attribute("a", text(random, 30))));
                }
            }
        }
        return data.build();
    }

    /** An id from a small pool of {@code pool} valid ones; now and then all zeros or of a wrong length. */
    static ByteString id(Random random, int length, int pool) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return ByteString.copyFrom(new byte[length]);
        }
        if (kind == 1) {
            return ByteString.copyFrom(randomBytes(random, length + 4));
        }
        byte[] id = new byte[length];
        int n = 1 + random.nextInt(pool);
        id[0] = (byte) 0xB0;
        id[length - 1] = (byte) n;
        id[length - 2] = (byte) (n >>> 8);
        return ByteString.copyFrom(id);
    }

    private static long time(Random random) {
        long[] edges = {0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE};
        return random.nextInt(5) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong();
    }

    private static String text(Random random, int maxLength) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
            b.appendCodePoint(random.nextInt(8) == 0 ? 0x80 + random.nextInt(0x2000) : 'a' + random.nextInt(26));
        }
        return b.toString();
    }

    /** Flip a byte, cut short, drop a slice or repeat a slice. */
    private static byte[] mutate(byte[] original, Random random) {
        if (original.length == 0) {
            return original;
        }
        int from = random.nextInt(original.length);
        int to = Math.min(original.length, from + 1 + random.nextInt(16));
        switch (random.nextInt(4)) {
            case 0: {
                byte[] out = original.clone();
                out[from] = (byte) random.nextInt(256);
                return out;
            }
            case 1:
                return Arrays.copyOf(original, from);
            case 2: {
                byte[] out = new byte[original.length - (to - from)];
                System.arraycopy(original, 0, out, 0, from);
                System.arraycopy(original, to, out, from, original.length - to);
                return out;
            }
            default: {
                byte[] out = new byte[original.length + (to - from)];
                System.arraycopy(original, 0, out, 0, to);
                System.arraycopy(original, from, out, to, original.length - from);
                return out;
            }
        }
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
