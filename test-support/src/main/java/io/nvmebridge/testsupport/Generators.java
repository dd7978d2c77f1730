package io.nvmebridge.testsupport;

import static org.quicktheories.generators.Generate.byteArrays;
import static org.quicktheories.generators.Generate.range;

import java.util.HexFormat;
import org.quicktheories.core.Gen;

/** Generators the modules' properties share, beyond QuickTheories' own. */
public final class Generators {
    private Generators() {
    }

    /** Arrays of exactly {@code length} bytes of any value; they shrink toward zeroes. */
    public static Gen<byte[]> bytes(int length) {
        return bytes(length, length);
    }

    /** Arrays of {@code minLength} to {@code maxLength} bytes of any value, shown in hex when a property fails. */
    public static Gen<byte[]> bytes(int minLength, int maxLength) {
        Gen<byte[]> arrays = byteArrays(range(minLength, maxLength),
                org.quicktheories.generators.Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        return arrays.describedAs(b -> b.length + " bytes " + HexFormat.of().formatHex(b));
    }
}
