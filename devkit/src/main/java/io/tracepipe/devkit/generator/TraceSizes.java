package io.tracepipe.devkit.generator;

/**
 * Cart sizes, which set the trace sizes: a checkout has about 12 spans plus 3 per item
 * (a reservation call, its server span and its database update).
 */
public record TraceSizes(int maxCartItems, int minBulkItems, int maxBulkItems) {
    /** Checkouts of 1-5 items (15-28 spans), bulk checkouts of 30-96 items (100-300 spans). */
    public static final TraceSizes DEFAULT = new TraceSizes(5, 30, 96);

    public TraceSizes {
        if (maxCartItems < 1 || minBulkItems < 1 || maxBulkItems < minBulkItems) {
            throw new IllegalArgumentException("need 1 <= maxCartItems and 1 <= minBulkItems <= maxBulkItems: " + this);
        }
    }
}
