package io.tracepipe.app.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that Kafka can be reached before any Kafka client starts: a plain TCP connection to each
 * bootstrap server in turn, each bounded in time, until one accepts. A Kafka client would instead
 * retry for its whole API timeout, log a warning per attempt and end with a bare timeout. The
 * probe only proves that something listens; TLS and authentication are the clients' to check.
 */
public final class BootstrapProbe {
    /** The setting the addresses come from, named in the error. */
    public static final String SETTING = "kafka.bootstrap-servers";
    /** Kafka's own default for setting up one connection ({@code socket.connection.setup.timeout.ms}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private BootstrapProbe() {}

    /**
     * Returns when one of the comma-separated {@code host:port} addresses accepts a connection.
     *
     * @throws KafkaUnreachableException naming every address and why it could not be reached
     */
    public static void check(String bootstrapServers, Duration timeout) {
        Map<String, String> failures = new LinkedHashMap<>();
        for (String server : bootstrapServers.split(",")) {
            String address = server.trim();
            if (address.isEmpty()) {
                continue;
            }
            String failure = connect(address, timeout);
            if (failure == null) {
                return;
            }
            failures.put(address, failure);
        }
        throw new KafkaUnreachableException(SETTING, failures);
    }

    /** Null when the address accepted a connection, else why not. */
    private static String connect(String address, Duration timeout) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            return "not host:port";
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // IPv6, as in [::1]:9092
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            return "not host:port";
        }
        if (port < 1 || port > 65_535) {
            return "port out of range";
        }
        InetAddress[] ips;
        try {
            ips = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "unknown host";
        }
        String failure = null;
        for (InetAddress ip : ips) { // like the clients' default client.dns.lookup=use_all_dns_ips
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ip, port), Math.toIntExact(timeout.toMillis()));
                return null;
            } catch (SocketTimeoutException e) {
                failure = "no answer within " + timeout.toSeconds() + " s";
            } catch (IOException e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase(Locale.ROOT);
            }
        }
        return failure;
    }
}
