package io.tracepipe.anomaly.eval;

/** The learned baseline a window was judged against: its centre, spread, the bound it implies, and how many windows taught it. */
public record BaselineSnapshot(double mean, double deviation, double upperBound, long windowsSeen) {}
