package io.tracepipe.app.it;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks for a trace as Grafana's Tempo data source does ({@code Accept: application/protobuf},
 * {@code /api/v2/traces/{id}}, then {@code /api/traces/{id}} on 404) and decodes the answer as it
 * does: v2 as {@code tempopb.TraceByIDResponse} (field 1 the trace, field 3 the partial status),
 * v1 as {@code tempopb.Trace}, the wire shape of OTLP {@code TracesData}.
 */
final class GrafanaTempoClient {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A decoded v2 answer: the trace, whether Tempo's status says PARTIAL, and the instance that answered. */
    record V2(int status, TracesData trace, boolean partial, String answeredBy) {}

    private GrafanaTempoClient() {}

    static HttpResponse<byte[]> get(String base, String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static V2 v2(String base, String traceId) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = get(base, "/api/v2/traces/" + traceId, "application/protobuf");
        String by = answer.headers().firstValue("Tracepipe-Answered-By").orElse("");
        if (answer.statusCode() != 200) {
            return new V2(answer.statusCode(), null, false, by);
        }
        TracesData trace = TracesData.getDefaultInstance();
        boolean partial = false;
        CodedInputStream in = CodedInputStream.newInstance(answer.body());
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> trace = TracesData.parseFrom(in.readBytes());
                case 3 -> partial = in.readEnum() == 1;
                default -> in.skipField(tag);
            }
        }
        return new V2(200, trace, partial, by);
    }

    static TracesData v1(String base, String traceId) throws IOException, InterruptedException {
        HttpResponse<byte[]> answer = get(base, "/api/traces/" + traceId, "application/protobuf");
        if (answer.statusCode() != 200) {
            throw new AssertionError("v1 answered " + answer.statusCode());
        }
        return TracesData.parseFrom(answer.body());
    }
}
