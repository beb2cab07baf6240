package io.tracepipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracepipe.devkit.fixtures.OtlpTraces;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtlpJsonWriterTest {

    @Test
    void everyFieldSurvivesWritingAndReadingBack() throws Exception {
        TracesData data = withIds(JsonMappingConformanceTest.everyField());

        byte[] json = write(data);

        assertThat(OtlpJson.parse(json)).isEqualTo(data);
    }

    @Test
    void writesIdsInHexAndNanosecondsAsDecimalStrings() throws Exception {
        Span span = TestSpans.span(1, 2).toBuilder().setStartTimeUnixNano(-1L).build();
        TracesData data = OtlpTraces.traces().resource("checkout").scope("s").add(span).tracesData();

        String json = new String(write(data), StandardCharsets.UTF_8);

        assertThat(json).contains("\"traceId\":\"" + Ids.toHex(span.getTraceId().toByteArray()) + "\"")
                .contains("\"startTimeUnixNano\":\"18446744073709551615\"");
    }

    private static TracesData withIds(TracesData data) {
        TracesData.Builder b = data.toBuilder();
        for (ResourceSpans.Builder rs : b.getResourceSpansBuilderList()) {
            rs.getScopeSpansBuilderList().forEach(ss -> ss.getSpansBuilderList().forEach(span -> span
                    .setTraceId(OtlpTraces.traceId(7)).setSpanId(OtlpTraces.spanId(8)).setParentSpanId(OtlpTraces.spanId(9))));
        }
        return b.build();
    }

    private static byte[] write(TracesData data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = OtlpJsonWriter.generator(out)) {
            json.writeStartObject();
            OtlpJsonWriter.writeResourceSpans(json, "resourceSpans", data.getResourceSpansList());
            json.writeEndObject();
        }
        return out.toByteArray();
    }
}
