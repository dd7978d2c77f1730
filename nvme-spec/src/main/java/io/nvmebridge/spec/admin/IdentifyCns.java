package io.nvmebridge.spec.admin;

/** Identify command CNS values (CDW10 bits 7:0; NVMe 1.4 figure 244) and namespace descriptor types. */
public final class IdentifyCns {
    public static final int NAMESPACE = 0x00;
    public static final int CONTROLLER = 0x01;
    public static final int ACTIVE_NAMESPACE_LIST = 0x02;
    public static final int NAMESPACE_DESCRIPTOR_LIST = 0x03;
    public static final int NVM_SET_LIST = 0x04;
    public static final int ALLOCATED_NAMESPACE_LIST = 0x10;
    public static final int ALLOCATED_NAMESPACE = 0x11;
    public static final int NAMESPACE_CONTROLLER_LIST = 0x12;
    public static final int CONTROLLER_LIST = 0x13;

    /** Namespace identification descriptor: NIDT u8 @0, NIDL u8 @1, NID @4. */
    public static final int NID_HEADER_SIZE = 4;
    public static final int NIDT_EUI64 = 1;
    public static final int NIDT_NGUID = 2;
    public static final int NIDT_UUID = 3;
    public static final int NIDT_CSI = 4;
    public static final int NIDL_EUI64 = 8;
    public static final int NIDL_NGUID = 16;
    public static final int NIDL_UUID = 16;
    public static final int NIDL_CSI = 1;

    /** Active namespace list: up to 1024 NSIDs, u32 each, in one 4096-byte page. */
    public static final int NAMESPACE_LIST_ENTRIES = 1024;

    private IdentifyCns() {
    }
}
