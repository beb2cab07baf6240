package io.tracepipe.devkit.generator;

/** Relative weights of the trace kinds the generator draws from; they need not add up to one. */
public record TraceMix(double browse, double product, double checkout, double bulkCheckout) {
    /** Mostly browsing, one in five requests a checkout, one in two hundred a bulk checkout. */
    public static final TraceMix DEFAULT = new TraceMix(0.45, 0.345, 0.2, 0.005);

    public TraceMix {
        if (browse < 0 || product < 0 || checkout < 0 || bulkCheckout < 0) {
            throw new IllegalArgumentException("weights must not be negative: " + this);
        }
        if (!(browse + product + checkout + bulkCheckout > 0)) {
            throw new IllegalArgumentException("at least one weight must be positive: " + this);
        }
    }

    /** A mix that always yields {@code kind}. */
    public static TraceMix only(TraceKind kind) {
        return new TraceMix(
                kind == TraceKind.BROWSE ? 1 : 0,
                kind == TraceKind.PRODUCT ? 1 : 0,
                kind == TraceKind.CHECKOUT ? 1 : 0,
                kind == TraceKind.BULK_CHECKOUT ? 1 : 0);
    }

    public double weight(TraceKind kind) {
        switch (kind) {
            case BROWSE:
                return browse;
            case PRODUCT:
                return product;
            case CHECKOUT:
                return checkout;
            case BULK_CHECKOUT:
            default:
                return bulkCheckout;
        }
    }

    /** The kind that a uniform draw {@code u} in [0, 1) falls on. */
    TraceKind pick(double u) {
        double target = u * (browse + product + checkout + bulkCheckout);
        double cumulative = 0;
        TraceKind last = TraceKind.BROWSE;
        for (TraceKind kind : TraceKind.values()) {
            double w = weight(kind);
            if (w == 0) {
                continue;
            }
            cumulative += w;
            last = kind;
            if (target < cumulative) {
                return kind;
            }
        }
        return last; // rounding at the top end
    }
}
