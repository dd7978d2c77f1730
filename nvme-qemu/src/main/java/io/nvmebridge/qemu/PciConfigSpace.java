package io.nvmebridge.qemu;

import io.nvmebridge.qemu.qtest.QtestClient;

/**
 * PCI configuration space of bus 0 through the legacy configuration mechanism #1 (I/O ports 0xCF8/0xCFC),
 * reached over qtest: write the enable bit, device, function and dword-aligned register to CONFIG_ADDRESS,
 * then read or write CONFIG_DATA. Each access is two qtest commands, so accesses are serialised here.
 *
 * <pre>
 *  CONFIG_ADDRESS (0xCF8): bit 31 enable | bits 23:16 bus | 15:11 device | 10:8 function | 7:2 register
 * </pre>
 */
public final class PciConfigSpace {
    public static final int CONFIG_ADDRESS_PORT = 0xCF8;
    public static final int CONFIG_DATA_PORT = 0xCFC;
    private static final int ENABLE = 0x8000_0000;

    /** Type 0 header offsets. */
    public static final int VENDOR_DEVICE = 0x00;
    public static final int COMMAND_STATUS = 0x04;
    public static final int CLASS_REVISION = 0x08;
    public static final int BAR0 = 0x10;
    public static final int BAR1 = 0x14;
    public static final int CAPABILITIES_POINTER = 0x34;

    /** Command register bits. */
    public static final int COMMAND_MEMORY_SPACE = 1 << 1;
    public static final int COMMAND_BUS_MASTER = 1 << 2;
    public static final int COMMAND_INTX_DISABLE = 1 << 10;

    /** Capability ids and the MSI-X capability layout. */
    public static final int CAP_ID_MSIX = 0x11;
    /** Status register bit 4: a capabilities list is present. */
    public static final int STATUS_CAPABILITIES_LIST = 1 << 4;
    /** MSI-X dword 0 upper half, Message Control: bits 10:0 table size - 1, bit 14 function mask, bit 15 enable. */
    public static final int MSIX_CONTROL_ENABLE = 1 << 31;
    public static final int MSIX_CONTROL_FUNCTION_MASK = 1 << 30;
    public static final int MSIX_TABLE_SIZE_MASK = 0x7FF;
    /** MSI-X dword 1: bits 2:0 BAR indicator, bits 31:3 table offset. */
    public static final int MSIX_TABLE = 4;
    public static final int MSIX_BIR_MASK = 0x7;

    /** BAR low bits: bit 0 I/O space, bits 2:1 type (2 = 64-bit), bit 3 prefetchable. */
    public static final int BAR_TYPE_MASK = 0x6;
    public static final int BAR_TYPE_64 = 0x4;
    public static final int BAR_FLAGS_MASK = 0xF;

    private final QtestClient qtest;

    public PciConfigSpace(QtestClient qtest) {
        this.qtest = qtest;
    }

    private static int address(int device, int function, int register) {
        if (device < 0 || device > 31 || function < 0 || function > 7 || register < 0 || register > 0xFC || (register & 3) != 0) {
            throw new IllegalArgumentException("bad config address dev=" + device + " fn=" + function + " reg=0x" + Integer.toHexString(register));
        }
        return ENABLE | device << 11 | function << 8 | register;
    }

    public synchronized int read32(int device, int function, int register) {
        qtest.outl(CONFIG_ADDRESS_PORT, address(device, function, register));
        return qtest.inl(CONFIG_DATA_PORT);
    }

    public synchronized void write32(int device, int function, int register, int value) {
        qtest.outl(CONFIG_ADDRESS_PORT, address(device, function, register));
        qtest.outl(CONFIG_DATA_PORT, value);
    }

    /** Config offset of capability {@code id} of the device, or -1. */
    public int findCapability(int device, int id) {
        if ((read32(device, 0, COMMAND_STATUS) >>> 16 & STATUS_CAPABILITIES_LIST) == 0) {
            return -1;
        }
        int at = read32(device, 0, CAPABILITIES_POINTER) & 0xFC;
        for (int hops = 0; at != 0 && hops < 48; hops++) { // 48: at most (256 - 64) / 4 capabilities
            int header = read32(device, 0, at);
            if ((header & 0xFF) == id) {
                return at;
            }
            at = (header >>> 8) & 0xFC;
        }
        return -1;
    }

    /** The first bus-0 device (function 0) with the given ids, or -1. */
    public int find(int vendor, int deviceId) {
        int wanted = deviceId << 16 | vendor;
        for (int dev = 0; dev < 32; dev++) {
            if (read32(dev, 0, VENDOR_DEVICE) == wanted) {
                return dev;
            }
        }
        return -1;
    }
}
