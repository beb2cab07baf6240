package io.tracepipe.devkit.generator;

/**
 * One deployment of the shop: its name and version, the SDK it is instrumented with, the
 * exception type its runtime reports, where callers reach it and how many pods it runs.
 */
public record ShopService(
        String name,
        String version,
        String sdkLanguage,
        String sdkVersion,
        String exceptionType,
        String host,
        int port,
        int replicas) {

    public ShopService {
        if (replicas < 1) {
            throw new IllegalArgumentException("a service runs at least one pod: " + name);
        }
    }

    String scheme() {
        return port == 443 ? "https" : "http";
    }
}
