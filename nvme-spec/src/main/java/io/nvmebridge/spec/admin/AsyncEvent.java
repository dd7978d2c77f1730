package io.nvmebridge.spec.admin;

/**
 * Asynchronous Event Request completion DW0 (NVMe 1.4 figure 146): event type bits 2:0, event information
 * bits 15:8, log page identifier bits 23:16.
 */
public final class AsyncEvent {
    public static final int TYPE_ERROR = 0;
    public static final int TYPE_SMART = 1;
    public static final int TYPE_NOTICE = 2;
    public static final int TYPE_IO_COMMAND_SET = 6;
    public static final int TYPE_VENDOR = 7;

    /** Error status events (type 0). */
    public static final int ERROR_INVALID_SUBMISSION_QUEUE = 0x00;
    public static final int ERROR_INVALID_DOORBELL_WRITE = 0x01;
    public static final int ERROR_DIAGNOSTIC_FAILURE = 0x02;
    public static final int ERROR_PERSISTENT_INTERNAL = 0x03;
    public static final int ERROR_TRANSIENT_INTERNAL = 0x04;
    public static final int ERROR_FIRMWARE_IMAGE_LOAD = 0x05;

    /** Notice events (type 2). */
    public static final int NOTICE_NAMESPACE_ATTRIBUTE_CHANGED = 0x00;

    private AsyncEvent() {
    }

    public static int dw0(int type, int info, int logPage) {
        return (type & 7) | (info & 0xFF) << 8 | (logPage & 0xFF) << 16;
    }

    public static int type(int dw0) {
        return dw0 & 7;
    }

    public static int info(int dw0) {
        return (dw0 >>> 8) & 0xFF;
    }

    public static int logPage(int dw0) {
        return (dw0 >>> 16) & 0xFF;
    }
}
