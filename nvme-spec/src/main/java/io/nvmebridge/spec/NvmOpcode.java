package io.nvmebridge.spec;

/** NVM command set I/O opcodes (NVMe 1.4 figure 346). Bits 1:0 give the data transfer direction. */
public final class NvmOpcode {
    public static final int FLUSH = 0x00;
    public static final int WRITE = 0x01;
    public static final int READ = 0x02;
    public static final int WRITE_UNCORRECTABLE = 0x04;
    public static final int COMPARE = 0x05;
    public static final int WRITE_ZEROES = 0x08;
    public static final int DATASET_MANAGEMENT = 0x09;
    public static final int VERIFY = 0x0C;
    public static final int RESERVATION_REGISTER = 0x0D;
    public static final int RESERVATION_REPORT = 0x0E;
    public static final int RESERVATION_ACQUIRE = 0x11;
    public static final int RESERVATION_RELEASE = 0x15;
    public static final int COPY = 0x19;

    /** Data transfer direction, opcode bits 1:0 (NVMe 1.4 figure 346). */
    public static final int XFER_NONE = 0;
    public static final int XFER_HOST_TO_CONTROLLER = 1;
    public static final int XFER_CONTROLLER_TO_HOST = 2;
    public static final int XFER_BIDIRECTIONAL = 3;

    private static final String[] NAMES = new String[256];

    static {
        NAMES[FLUSH] = "FLUSH";
        NAMES[WRITE] = "WRITE";
        NAMES[READ] = "READ";
        NAMES[WRITE_UNCORRECTABLE] = "WRITE_UNCORRECTABLE";
        NAMES[COMPARE] = "COMPARE";
        NAMES[WRITE_ZEROES] = "WRITE_ZEROES";
        NAMES[DATASET_MANAGEMENT] = "DATASET_MANAGEMENT";
        NAMES[VERIFY] = "VERIFY";
        NAMES[RESERVATION_REGISTER] = "RESERVATION_REGISTER";
        NAMES[RESERVATION_REPORT] = "RESERVATION_REPORT";
        NAMES[RESERVATION_ACQUIRE] = "RESERVATION_ACQUIRE";
        NAMES[RESERVATION_RELEASE] = "RESERVATION_RELEASE";
        NAMES[COPY] = "COPY";
    }

    private NvmOpcode() {
    }

    public static int transferDirection(int opcode) {
        return opcode & 3;
    }

    public static String name(int opcode) {
        String n = NAMES[opcode & 0xFF];
        return n != null ? n : String.format("IO_0x%02x", opcode & 0xFF);
    }
}
