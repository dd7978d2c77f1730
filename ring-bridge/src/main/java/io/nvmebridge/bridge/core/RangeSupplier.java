package io.nvmebridge.bridge.core;

/**
 * A front door whose clients own the description of a request's data until the request is issued (io_uring's
 * iovec arrays: Linux reads them when it issues the request, and a client may rewrite them before): the core asks
 * for a request's ranges when it issues it, not when it is started. Only for requests marked
 * {@link CoreRequest#rangesAtIssue()}.
 */
public interface RangeSupplier {

    /** For front doors whose requests' ranges are all known when they are described. */
    RangeSupplier NONE = (tag, request) -> {
        throw new IllegalStateException("request " + tag + " asked for its ranges at issue, but no supplier is set");
    };

    /**
     * Adds request {@code tag}'s data ranges ({@link CoreRequest#addRange}; it has none when this is called).
     * False when the data no longer passes the front door's checks: the front door has recorded its own answer,
     * and the request completes without the device (status 0, its commands already issued completing first).
     */
    boolean supplyRanges(int tag, CoreRequest request);
}
