package io.nvmebridge.bridge;

/**
 * The ring itself is corrupt, so no SQE or CQE position in it can be trusted any more: a client moved
 * the SQ tail more than the ring's size ahead of (or behind) the bridge's head, or the CQ head past the
 * bridge's tail. The bridge stops serving that ring; its owner marks it failed.
 */
public final class RingCorruptedException extends RuntimeException {
    public RingCorruptedException(String message) {
        super(message, null, false, false);
    }
}
