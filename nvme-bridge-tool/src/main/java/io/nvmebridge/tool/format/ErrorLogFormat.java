package io.nvmebridge.tool.format;

import static io.nvmebridge.tool.format.Field.u16;
import static io.nvmebridge.tool.format.Field.u32;
import static io.nvmebridge.tool.format.Field.u64;
import static io.nvmebridge.tool.format.Field.u8;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nvmebridge.spec.admin.ErrorInformationEntry;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

/**
 * nvme-cli's {@code error-log} output, in text and JSON, from the raw Error Information log (page 01h): one
 * object per 64-byte entry, with nvme-cli's names; the status word is split as nvme-cli splits it, bits 15:1
 * into {@code status_field} and bit 0 into {@code phase_tag}.
 */
public final class ErrorLogFormat {

    /** One entry's fields with nvme-cli's JSON names (status_field and phase_tag are derived, see below). */
    private static final List<Field> BEFORE_STATUS = List.of(
            u64("error_count", ErrorInformationEntry.ERROR_COUNT),
            u16("sqid", ErrorInformationEntry.SQID),
            u16("cmdid", ErrorInformationEntry.CID));
    private static final List<Field> AFTER_STATUS = List.of(
            u16("parm_error_location", ErrorInformationEntry.PARAMETER_ERROR_LOCATION),
            u64("lba", ErrorInformationEntry.LBA),
            u32("nsid", ErrorInformationEntry.NSID),
            u8("vs", ErrorInformationEntry.VENDOR_SPECIFIC),
            u8("trtype", ErrorInformationEntry.TRTYPE),
            u64("cs", ErrorInformationEntry.COMMAND_SPECIFIC),
            u16("trtype_spec_info", ErrorInformationEntry.TRTYPE_SPECIFIC));

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ErrorLogFormat() {
    }

    /** How many entries nvme-cli reads: what was asked for, at most the controller's ELPE + 1. */
    public static int entries(int requested, int elpe) {
        return Math.min(requested, (elpe & 0xFF) + 1);
    }

    public static String json(MemorySegment log, int entries) {
        ObjectNode doc = NvmeCliJson.object();
        ArrayNode errors = doc.putArray("errors");
        for (int i = 0; i < entries; i++) {
            MemorySegment e = entry(log, i);
            ObjectNode o = errors.addObject();
            BEFORE_STATUS.forEach(f -> f.json(o, e));
            o.put("status_field", status(e) >> 1).put("phase_tag", status(e) & 1);
            AFTER_STATUS.forEach(f -> f.json(o, e));
        }
        return NvmeCliJson.write(doc);
    }

    public static String text(String device, MemorySegment log, int entries) {
        StringBuilder b = new StringBuilder(String.format("Error Log Entries for device:%s entries:%d%n", device, entries));
        b.append(".................\n");
        for (int i = 0; i < entries; i++) {
            MemorySegment e = entry(log, i);
            b.append(String.format(" Entry[%2d]%n.................%n", i));
            BEFORE_STATUS.forEach(f -> b.append(String.format("%-16s: %s%n", f.name(), f.text(e))));
            b.append(String.format("%-16s: %#x%n", "status_field", status(e) >> 1));
            b.append(String.format("%-16s: %d%n", "phase_tag", status(e) & 1));
            AFTER_STATUS.forEach(f -> b.append(String.format("%-16s: %s%n", f.name(), f.text(e))));
            b.append(".................\n");
        }
        return b.toString();
    }

    private static MemorySegment entry(MemorySegment log, int i) {
        return log.asSlice((long) i * ErrorInformationEntry.SIZE, ErrorInformationEntry.SIZE);
    }

    private static int status(MemorySegment entry) {
        return entry.get(U16, ErrorInformationEntry.STATUS) & 0xFFFF;
    }
}
