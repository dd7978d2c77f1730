package io.nvmebridge.bridge.core;

/**
 * What a front door is told when one of its requests on a {@link ForwardingCore} is done: every NVMe command of
 * the request completed (or it needed none). {@code nvmeStatus} is the first non-zero status of its commands, as
 * the driver reported it (0: all succeeded), {@code result} the last command's DW0. The front door answers its
 * client in its own terms (a CQE with -errno, a virtio status byte, an NVMe/TCP response capsule), copies bounced
 * data back ({@link ForwardingCore#bounced}) and gives the tag back ({@link ForwardingCore#release}) when it no
 * longer needs the request. Called on the core's thread, from {@link ForwardingCore#poll}, {@link ForwardingCore#pump}
 * or an issue; it must not throw for a client's mistake.
 */
public interface RequestCompletion {
    void completed(int tag, int nvmeStatus, long result);
}
