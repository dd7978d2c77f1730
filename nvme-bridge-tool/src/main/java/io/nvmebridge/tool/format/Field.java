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
        /** 128-bit little-endian counter: a decimal string in JSON, as nvme-cli 2.3 (libnvme) prints it. */
        U128,
        /** Space padded ASCII string: trimmed in text output, as stored in JSON (see {@link #asStored}). */
        ASCII,
        /**
         * IEEE OUI: 3 bytes, least significant first. Six hex digits in text output; in JSON the integer they
         * make, as nvme-cli prints it (QEMU's OUI 52-54-00, stored 00 54 52, is 5395456).
         */
        IEEE,
        /** Raw bytes shown as one hex string (nguid, eui64). */
        BYTES,
        /** 16 bytes: 32 hex digits in text output, a UUID with dashes (8-4-4-4-12) in JSON, as nvme-cli prints fguid. */
        UUID
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

    public static Field uuid(String name, int offset) {
        return new Field(name, offset, Kind.UUID, 16);
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
            case BYTES, UUID -> hex(s);
            default -> Long.toString(number(s));
        };
    }

    /**
     * Puts the field into a JSON object in nvme-cli 2.3's form, so that what reads nvme-cli's JSON reads ours
     * unchanged: numbers as numbers (u64 unsigned), but 128-bit fields as decimal strings (json-c has no 128-bit
     * integer, so libnvme prints them as strings), ASCII fields as stored, the IEEE OUI as one integer and a UUID
     * with dashes.
     */
    public void json(ObjectNode o, MemorySegment s) {
        switch (kind) {
            case ASCII -> o.put(name, asStored(s));
            case BYTES -> o.put(name, hex(s));
            case UUID -> o.put(name, uuid(hex(s)));
            case U128 -> o.put(name, big(s).toString());
            case U64 -> o.put(name, NvmeCliJson.unsigned(number(s)));
            default -> o.put(name, number(s)); // IEEE included: its three bytes as one integer
        }
    }

    /** True if an ASCII field holds no characters: its first byte is NUL (nvme-cli then leaves subnqn out). */
    public boolean isEmptyString(MemorySegment s) {
        return kind == Kind.ASCII && s.get(ValueLayout.JAVA_BYTE, offset) == 0;
    }

    /**
     * An ASCII field as nvme-cli prints it in JSON ({@code "%-.*s"} over the field's width): every byte up to the
     * first NUL, trailing spaces kept, so sn, mn and fr keep the padding to their 20, 40 and 8 bytes and a NUL
     * padded subnqn ends at its first NUL. A byte that is not printable ASCII is shown as '.', as in text output;
     * nvme-cli would copy it raw, which is not always valid UTF-8.
     */
    private String asStored(MemorySegment s) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = s.get(ValueLayout.JAVA_BYTE, offset + i) & 0xFF;
            if (c == 0) {
                break;
            }
            b.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
        return b.toString();
    }

    /** 32 hex digits as a UUID: 8-4-4-4-12, in byte order, lower case (libuuid's uuid_unparse). */
    private static String uuid(String hex) {
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private String hex(MemorySegment s) {
        StringBuilder b = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++) {
            b.append(String.format("%02x", s.get(ValueLayout.JAVA_BYTE, offset + i) & 0xFF));
        }
        return b.toString();
    }
}
