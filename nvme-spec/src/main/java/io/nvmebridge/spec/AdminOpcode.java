package io.nvmebridge.spec;

/** Admin command set opcodes (NVMe 1.4 figure 139). */
public final class AdminOpcode {
    public static final int DELETE_IO_SQ = 0x00;
    public static final int CREATE_IO_SQ = 0x01;
    public static final int GET_LOG_PAGE = 0x02;
    public static final int DELETE_IO_CQ = 0x04;
    public static final int CREATE_IO_CQ = 0x05;
    public static final int IDENTIFY = 0x06;
    public static final int ABORT = 0x08;
    public static final int SET_FEATURES = 0x09;
    public static final int GET_FEATURES = 0x0A;
    public static final int ASYNC_EVENT_REQUEST = 0x0C;
    public static final int NAMESPACE_MANAGEMENT = 0x0D;
    public static final int FIRMWARE_COMMIT = 0x10;
    public static final int FIRMWARE_IMAGE_DOWNLOAD = 0x11;
    public static final int DEVICE_SELF_TEST = 0x14;
    public static final int NAMESPACE_ATTACHMENT = 0x15;
    public static final int KEEP_ALIVE = 0x18;
    public static final int DIRECTIVE_SEND = 0x19;
    public static final int DIRECTIVE_RECEIVE = 0x1A;
    public static final int VIRTUALIZATION_MANAGEMENT = 0x1C;
    public static final int NVME_MI_SEND = 0x1D;
    public static final int NVME_MI_RECEIVE = 0x1E;
    public static final int DOORBELL_BUFFER_CONFIG = 0x7C;
    public static final int FORMAT_NVM = 0x80;
    public static final int SECURITY_SEND = 0x81;
    public static final int SECURITY_RECEIVE = 0x82;
    public static final int SANITIZE = 0x84;
    public static final int GET_LBA_STATUS = 0x86;

    private static final String[] NAMES = new String[256];

    static {
        NAMES[DELETE_IO_SQ] = "DELETE_IO_SQ";
        NAMES[CREATE_IO_SQ] = "CREATE_IO_SQ";
        NAMES[GET_LOG_PAGE] = "GET_LOG_PAGE";
        NAMES[DELETE_IO_CQ] = "DELETE_IO_CQ";
        NAMES[CREATE_IO_CQ] = "CREATE_IO_CQ";
        NAMES[IDENTIFY] = "IDENTIFY";
        NAMES[ABORT] = "ABORT";
        NAMES[SET_FEATURES] = "SET_FEATURES";
        NAMES[GET_FEATURES] = "GET_FEATURES";
        NAMES[ASYNC_EVENT_REQUEST] = "ASYNC_EVENT_REQUEST";
        NAMES[NAMESPACE_MANAGEMENT] = "NAMESPACE_MANAGEMENT";
        NAMES[FIRMWARE_COMMIT] = "FIRMWARE_COMMIT";
        NAMES[FIRMWARE_IMAGE_DOWNLOAD] = "FIRMWARE_IMAGE_DOWNLOAD";
        NAMES[DEVICE_SELF_TEST] = "DEVICE_SELF_TEST";
        NAMES[NAMESPACE_ATTACHMENT] = "NAMESPACE_ATTACHMENT";
        NAMES[KEEP_ALIVE] = "KEEP_ALIVE";
        NAMES[DIRECTIVE_SEND] = "DIRECTIVE_SEND";
        NAMES[DIRECTIVE_RECEIVE] = "DIRECTIVE_RECEIVE";
        NAMES[VIRTUALIZATION_MANAGEMENT] = "VIRTUALIZATION_MANAGEMENT";
        NAMES[NVME_MI_SEND] = "NVME_MI_SEND";
        NAMES[NVME_MI_RECEIVE] = "NVME_MI_RECEIVE";
        NAMES[DOORBELL_BUFFER_CONFIG] = "DOORBELL_BUFFER_CONFIG";
        NAMES[FORMAT_NVM] = "FORMAT_NVM";
        NAMES[SECURITY_SEND] = "SECURITY_SEND";
        NAMES[SECURITY_RECEIVE] = "SECURITY_RECEIVE";
        NAMES[SANITIZE] = "SANITIZE";
        NAMES[GET_LBA_STATUS] = "GET_LBA_STATUS";
    }

    private AdminOpcode() {
    }

    public static String name(int opcode) {
        String n = NAMES[opcode & 0xFF];
        return n != null ? n : String.format("ADMIN_0x%02x", opcode & 0xFF);
    }
}
