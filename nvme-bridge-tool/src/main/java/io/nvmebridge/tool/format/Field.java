package io.nvmebridge.tool.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nvmebridge.spec.admin.Ascii;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * One field of an identify structure or log page as nvme-cli prints it: its JSON name, where it is, and
 * how to show it. The formatters are tables of these, so text and JSON output come from one description.
 */
public record Field(String name, int offset, Kind kind, int length) {

    /** How a field is decoded and shown. */
    public enum Kind {
        U8, U16, U32, U64,
        /** Shown in hex in text output, a number in JSON (as nvme-cli does for vid, ver, oacs...). */
        HEX8, HEX16, HEX32,
        /** 128-bit little-endian counter. */
        U128,
        /** Space padded ASCII string. */
        ASCII,
        /** IEEE OUI: 3 bytes, shown most significant first. */
        IEEE,
        /** Raw bytes shown as one hex string (nguid, eui64, fguid). */
        BYTES
    }

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public static Field u8(String name, int offset) {
        return new Field(name, offset, Kind.U8, 1);
    }

    public static Field u16(String name, int offset) {
        return new Field(name, offset, Kind.U16, 2);
    }

    public static Field u32(String name, int offset) {
        return new Field(name, offset, Kind.U32, 4);
    }

    public static Field u64(String name, int offset) {
        return new Field(name, offset, Kind.U64, 8);
    }

    public static Field hex8(String name, int offset) {
        return new Field(name, offset, Kind.HEX8, 1);
    }

    public static Field hex16(String name, int offset) {
        return new Field(name, offset, Kind.HEX16, 2);
    }

    public static Field hex32(String name, int offset) {
        return new Field(name, offset, Kind.HEX32, 4);
    }

    public static Field u128(String name, int offset) {
        return new Field(name, offset, Kind.U128, 16);
    }

    public static Field ascii(String name, int offset, int length) {
        return new Field(name, offset, Kind.ASCII, length);
    }

    public static Field ieee(String name, int offset) {
        return new Field(name, offset, Kind.IEEE, 3);
    }

    public static Field bytes(String name, int offset, int length) {
        return new Field(name, offset, Kind.BYTES, length);
    }

    /** The field's numeric value (unsigned); strings and byte fields are not numeric. */
    public long number(MemorySegment s) {
        return switch (kind) {
            case U8, HEX8 -> s.get(ValueLayout.JAVA_BYTE, offset) & 0xFFL;
            case U16, HEX16 -> s.get(U16, offset) & 0xFFFFL;
            case U32, HEX32 -> s.get(U32, offset) & 0xFFFFFFFFL;
            case U64 -> s.get(U64, offset);
            case IEEE -> (s.get(ValueLayout.JAVA_BYTE, offset) & 0xFFL)
                    | (s.get(ValueLayout.JAVA_BYTE, offset + 1) & 0xFFL) << 8
                    | (s.get(ValueLayout.JAVA_BYTE, offset + 2) & 0xFFL) << 16;
            default -> throw new IllegalStateException(name + " is not numeric");
        };
    }

    public BigInteger big(MemorySegment s) {
        long lo = s.get(U64, offset);
        long hi = s.get(U64, offset + 8);
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** The value as nvme-cli's normal (text) output shows it. */
    public String text(MemorySegment s) {
        return switch (kind) {
            case HEX8, HEX16, HEX32 -> "0x" + Long.toHexString(number(s));
            case U64 -> Long.toUnsignedString(number(s));
            case U128 -> big(s).toString();
            case ASCII -> Ascii.get(s, offset, length);
            case IEEE -> String.format("%06x", number(s));
            case BYTES -> hex(s);
            default -> Long.toString(number(s));
        };
    }

    /** Puts the field into a JSON object as nvme-cli prints it: numbers as numbers, u64 and u128 unsigned. */
    public void json(ObjectNode o, MemorySegment s) {
        switch (kind) {
            case ASCII -> o.put(name, Ascii.get(s, offset, length));
            case IEEE -> o.put(name, String.format("%06x", number(s)));
            case BYTES -> o.put(name, hex(s));
            case U128 -> o.put(name, big(s));
            case U64 -> o.put(name, NvmeCliJson.unsigned(number(s)));
            default -> o.put(name, number(s));
        }
    }

    private String hex(MemorySegment s) {
        StringBuilder b = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++) {
            b.append(String.format("%02x", s.get(ValueLayout.JAVA_BYTE, offset + i) & 0xFF));
        }
        return b.toString();
    }
}
