package io.nvmebridge.tool.format;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** nvme-cli's hex dump of command data: offset, 16 bytes in hex, the printable characters. */
public final class HexDump {
    private HexDump() {
    }

    public static String dump(MemorySegment s) {
        StringBuilder b = new StringBuilder("       0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f\n");
        long n = s.byteSize();
        for (long row = 0; row < n; row += 16) {
            b.append(String.format("%04x:", row));
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (row + i < n) {
                    int v = s.get(ValueLayout.JAVA_BYTE, row + i) & 0xFF;
                    b.append(String.format(" %02x", v));
                    text.append(v >= 0x20 && v < 0x7F ? (char) v : '.');
                } else {
                    b.append("   ");
                }
            }
            b.append(" \"").append(text).append("\"\n");
        }
        return b.toString();
    }

    public static String hex(MemorySegment s) {
        StringBuilder b = new StringBuilder((int) s.byteSize() * 2);
        for (long i = 0; i < s.byteSize(); i++) {
            b.append(String.format("%02x", s.get(ValueLayout.JAVA_BYTE, i) & 0xFF));
        }
        return b.toString();
    }
}
