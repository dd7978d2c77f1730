package io.nvmebridge.spec.admin;

/**
 * SMART / Health Information log page, 512 bytes (log page 02h; NVMe 1.4 figure 196). The 16-byte
 * counters are 128-bit little-endian integers; data units are thousands of 512-byte units, rounded up.
 *
 * <pre>
 *    0 CRITICAL_WARNING u8   1 COMPOSITE_TEMPERATURE u16 (kelvin)   3 AVAILABLE_SPARE u8
 *    4 AVAILABLE_SPARE_THRESHOLD u8   5 PERCENTAGE_USED u8   6 ENDURANCE_GROUP_CRITICAL_WARNING u8
 *   32 DATA_UNITS_READ[16]  48 DATA_UNITS_WRITTEN[16]  64 HOST_READ_COMMANDS[16]  80 HOST_WRITE_COMMANDS[16]
 *   96 CONTROLLER_BUSY_TIME[16]  112 POWER_CYCLES[16]  128 POWER_ON_HOURS[16]  144 UNSAFE_SHUTDOWNS[16]
 *  160 MEDIA_ERRORS[16]  176 ERROR_LOG_ENTRIES[16]  192 WARNING_TEMPERATURE_TIME u32
 *  196 CRITICAL_TEMPERATURE_TIME u32  200 TEMPERATURE_SENSOR1..8 u16  216 TMT1_TRANSITIONS u32
 *  220 TMT2_TRANSITIONS u32  224 TMT1_TOTAL_TIME u32  228 TMT2_TOTAL_TIME u32
 * </pre>
 */
public final class SmartHealthLog {
    public static final int SIZE = 512;
    public static final int CRITICAL_WARNING = 0;
    public static final int COMPOSITE_TEMPERATURE = 1;
    public static final int AVAILABLE_SPARE = 3;
    public static final int AVAILABLE_SPARE_THRESHOLD = 4;
    public static final int PERCENTAGE_USED = 5;
    public static final int ENDURANCE_GROUP_CRITICAL_WARNING = 6;
    public static final int DATA_UNITS_READ = 32;
    public static final int DATA_UNITS_WRITTEN = 48;
    public static final int HOST_READ_COMMANDS = 64;
    public static final int HOST_WRITE_COMMANDS = 80;
    public static final int CONTROLLER_BUSY_TIME = 96;
    public static final int POWER_CYCLES = 112;
    public static final int POWER_ON_HOURS = 128;
    public static final int UNSAFE_SHUTDOWNS = 144;
    public static final int MEDIA_ERRORS = 160;
    public static final int ERROR_LOG_ENTRIES = 176;
    public static final int WARNING_TEMPERATURE_TIME = 192;
    public static final int CRITICAL_TEMPERATURE_TIME = 196;
    public static final int TEMPERATURE_SENSOR1 = 200;
    public static final int TEMPERATURE_SENSOR_COUNT = 8;
    public static final int TMT1_TRANSITIONS = 216;
    public static final int TMT2_TRANSITIONS = 220;
    public static final int TMT1_TOTAL_TIME = 224;
    public static final int TMT2_TOTAL_TIME = 228;

    /** Critical warning bits. */
    public static final int WARNING_SPARE = 1;
    public static final int WARNING_TEMPERATURE = 1 << 1;
    public static final int WARNING_RELIABILITY = 1 << 2;
    public static final int WARNING_READ_ONLY = 1 << 3;
    public static final int WARNING_VOLATILE_BACKUP = 1 << 4;

    private SmartHealthLog() {
    }

    /** Data units (1000 × 512 bytes, rounded up) for a count of 512-byte units, as the spec counts them. */
    public static long dataUnits(long sectors512) {
        return (sectors512 + 999) / 1000;
    }
}
