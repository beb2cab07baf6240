package io.tracepipe.app.kafka;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BootstrapProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    // RFC 2606 reserves .invalid: it never resolves.
    private static final String UNKNOWN_HOST = "no-such-broker.invalid:9092";

    /** A port on this machine where nothing listens any more. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aPortWithNothingListeningIsRefused() throws IOException {
        String address = "127.0.0.1:" + closedPort();

        assertThatThrownBy(() -> BootstrapProbe.check(address, TIMEOUT))
                .isInstanceOf(KafkaUnreachableException.class)
                .hasMessage("cannot reach Kafka at " + address + " (kafka.bootstrap-servers): connection refused");
    }

    @Test
    void aHostThatDoesNotResolveIsAnUnknownHost() {
        assertThatThrownBy(() -> BootstrapProbe.check(UNKNOWN_HOST, TIMEOUT))
                .isInstanceOf(KafkaUnreachableException.class)
                .hasMessage("cannot reach Kafka at " + UNKNOWN_HOST + " (kafka.bootstrap-servers): unknown host");
    }

    @Test
    void eachAddressGetsItsOwnReasonWhenTheyDiffer() throws IOException {
        String refused = "127.0.0.1:" + closedPort();

        assertThatThrownBy(() -> BootstrapProbe.check(refused + ", " + UNKNOWN_HOST, TIMEOUT))
                .hasMessage("cannot reach Kafka at " + refused + ", " + UNKNOWN_HOST + " (kafka.bootstrap-servers): "
                        + refused + " connection refused, " + UNKNOWN_HOST + " unknown host");
    }

    @Test
    void anAddressWithoutAPortIsNotHostAndPort() {
        assertThatThrownBy(() -> BootstrapProbe.check("localhost", TIMEOUT))
                .hasMessage("cannot reach Kafka at localhost (kafka.bootstrap-servers): not host:port");
    }

    @Test
    void oneServerThatAcceptsIsEnough() throws IOException {
        String refused = "127.0.0.1:" + closedPort();
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String accepting = "127.0.0.1:" + listening.getLocalPort();

            assertThatCode(() -> BootstrapProbe.check(refused + "," + accepting, TIMEOUT)).doesNotThrowAnyException();
        }
    }
}
