package io.tracepipe.ingest;

import static io.tracepipe.devkit.fixtures.OtlpTraces.traces;
import static io.tracepipe.ingest.TestSpans.span;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GarbageInputTest {
    private static final TracesData VALID = traces()
            .resource("checkout").scope("http").add(span(1, 1), span(2, 2)).scope("db").add(span(1, 3))
            .resource("payments").scope("grpc").add(span(3, 4))
            .resource("stock").scope("jdbc").add(span(2, 5), span(3, 6))
            .tracesData();

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void randomBytesNeverThrowAndBecomeFragmentsOrDeadLetters(Encoding encoding) {
        Random random = new Random(20240611L);
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(encoding);
        for (int i = 0; i < 400; i++) {
            byte[] value = new byte[random.nextInt(200)];
            random.nextBytes(value);
            if (value.length > 0 && i % 4 == 0) {
                value[0] = 0x0A; // the tag of resource_spans: more of these get past the first field
            } else if (value.length > 6 && i % 4 == 1) {
                value[0] = ConfluentWireFormat.MAGIC;
            }

            TestSpans.assertDecodedWithoutLoss(decoder, encoding, value);
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void mutatedValidRecordsNeverThrowAndLoseNoSpan(Encoding encoding) {
        byte[] proto = VALID.toByteArray();
        byte[] json = OtlpJsonTest.SPEC_DOCUMENT.getBytes(UTF_8);
        Random random = new Random(7L);
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(encoding);
        for (int i = 0; i < 300; i++) {
            byte[] original = i % 2 == 0 ? proto : json;
            TestSpans.assertDecodedWithoutLoss(decoder, encoding, mutate(original, random));
        }
    }

    @Test
    void truncatedProtobufIsUndecodableUnlessCutBetweenResources() {
        byte[] value = VALID.toByteArray();
        Map<Integer, Integer> spansBeforeBoundary = resourceBoundaries(VALID);
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.OTLP_PROTO);

        for (int cut = 1; cut < value.length; cut++) {
            byte[] truncated = Arrays.copyOf(value, cut);

            DecodedRecord decoded = decoder.decode(truncated);

            if (spansBeforeBoundary.containsKey(cut)) {
                // A cut between two ResourceSpans leaves valid protobuf holding exactly the earlier resources.
                assertThat(decoded.deadLetters()).as("cut at %d", cut).isEmpty();
                assertThat(decoded.spanCount()).as("cut at %d", cut).isEqualTo(spansBeforeBoundary.get(cut));
            } else {
                assertThat(decoded.fragments()).as("cut at %d", cut).isEmpty();
                assertThat(decoded.deadLetters()).as("cut at %d", cut).singleElement().satisfies(dl -> {
                    assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
                    assertThat(dl.reason()).startsWith("otlp_proto:");
                    assertThat(dl.payload()).isSameAs(truncated);
                });
            }
        }
    }

    @Test
    void truncatedJsonIsUndecodable() {
        byte[] value = OtlpJsonTest.SPEC_DOCUMENT.getBytes(UTF_8);
        int lastBrace = OtlpJsonTest.SPEC_DOCUMENT.lastIndexOf('}');
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(Encoding.AUTO);

        for (int cut = 1; cut <= lastBrace; cut += 7) {
            byte[] truncated = Arrays.copyOf(value, cut);

            DecodedRecord decoded = decoder.decode(truncated);

            assertThat(decoded.fragments()).as("cut at %d", cut).isEmpty();
            assertThat(decoded.deadLetters()).as("cut at %d", cut).singleElement().satisfies(dl -> {
                assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
                assertThat(dl.reason()).startsWith("otlp_json:");
                assertThat(dl.payload()).isSameAs(truncated);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void emptyAndNullValuesAreDeadLetters(Encoding encoding) {
        OtlpRecordDecoder decoder = new OtlpRecordDecoder(encoding);

        for (byte[] value : new byte[][] {null, new byte[0]}) {
            DecodedRecord decoded = decoder.decode(value);

            assertThat(decoded.fragments()).isEmpty();
            assertThat(decoded.deadLetters()).singleElement().satisfies(dl -> {
                assertThat(dl.kind()).isEqualTo(DeadLetter.Kind.UNDECODABLE);
                assertThat(dl.reason()).isEqualTo("empty record value");
                assertThat(dl.payload()).isEmpty();
            });
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] value = original.clone();
        switch (random.nextInt(4)) {
            case 0: // flip a few bytes
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    value[random.nextInt(value.length)] = (byte) random.nextInt(256);
                }
                return value;
            case 1: // cut short
                return Arrays.copyOf(value, random.nextInt(value.length));
            case 2: { // drop a slice
                int from = random.nextInt(value.length);
                int to = Math.min(value.length, from + 1 + random.nextInt(16));
                byte[] out = new byte[value.length - (to - from)];
                System.arraycopy(value, 0, out, 0, from);
                System.arraycopy(value, to, out, from, value.length - to);
                return out;
            }
            default: { // duplicate a slice
                int from = random.nextInt(value.length);
                int to = Math.min(value.length, from + 1 + random.nextInt(16));
                byte[] out = new byte[value.length + (to - from)];
                System.arraycopy(value, 0, out, 0, to);
                System.arraycopy(value, from, out, to, value.length - from);
                return out;
            }
        }
    }

    /** Offsets just past each ResourceSpans of {@code data}, with the spans up to there. */
    private static Map<Integer, Integer> resourceBoundaries(TracesData data) {
        Map<Integer, Integer> boundaries = new HashMap<>();
        int offset = 0;
        int spans = 0;
        for (ResourceSpans rs : data.getResourceSpansList()) {
            int size = rs.getSerializedSize();
            offset += 1 + com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag(size) + size;
            spans += OtlpTraces.spans(TracesData.newBuilder().addResourceSpans(rs).build()).size();
            boundaries.put(offset, spans);
        }
        return boundaries;
    }
}
