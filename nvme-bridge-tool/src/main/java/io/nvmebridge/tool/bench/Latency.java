package io.nvmebridge.tool.bench;

import org.HdrHistogram.Histogram;

/** Latency percentiles of a run, in nanoseconds (NaN when nothing was measured). */
public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {

    public static final Latency NONE = new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public static Latency of(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean());
    }

    public boolean measured() {
        return !Double.isNaN(p50);
    }

    /** The percentile points the report's curves show, with their labels. */
    public double[] points() {
        return new double[] {p50, p90, p99, p999, max};
    }
}
