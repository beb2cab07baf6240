package io.tracepipe.topology.decode;

import static io.tracepipe.topology.HeaderValues.utf8;

import org.apache.kafka.common.header.Headers;

/** The headers that tell why a record is in the dead-letter topic and where it came from. */
public final class DeadLetterHeaders {
    public static final String ERROR = "tracepipe.error";
    public static final String ERROR_KIND = "tracepipe.error.kind";
    public static final String SOURCE_TOPIC = "tracepipe.source.topic";
    public static final String SOURCE_PARTITION = "tracepipe.source.partition";
    public static final String SOURCE_OFFSET = "tracepipe.source.offset";

    private DeadLetterHeaders() {}

    static void write(Headers headers, String kind, String reason, String topic, int partition, long offset) {
        headers.remove(ERROR).remove(ERROR_KIND).remove(SOURCE_TOPIC).remove(SOURCE_PARTITION).remove(SOURCE_OFFSET);
        headers.add(ERROR, utf8(reason));
        headers.add(ERROR_KIND, utf8(kind));
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
    }

}
