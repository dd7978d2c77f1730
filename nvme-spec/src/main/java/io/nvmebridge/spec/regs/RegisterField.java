package io.nvmebridge.spec.regs;

/**
 * One bit field of a controller register, as libvfn's {@code NVME_CAP_TO_SHIFT/MASK} pairs: the only place
 * in the project that shifts and masks register values.
 *
 * @param name  the field's name in the NVMe base specification (used in logs and error messages)
 * @param shift position of the least significant bit
 * @param width number of bits
 */
public record RegisterField(String name, int shift, int width) {

    public RegisterField {
        if (shift < 0 || width < 1 || shift + width > 64) {
            throw new IllegalArgumentException("bad field " + name + " shift=" + shift + " width=" + width);
        }
    }

    /** The field's mask, not shifted. */
    public long mask() {
        return width == 64 ? -1L : (1L << width) - 1;
    }

    /** Extracts this field from a register value. */
    public long get(long register) {
        return (register >>> shift) & mask();
    }

    /** Extracts this field as an int (all NVMe register fields but ASQ/ACQ addresses fit). */
    public int getInt(long register) {
        return (int) get(register);
    }

    /** Returns {@code register} with this field replaced by {@code value}; a value wider than the field is an error. */
    public long set(long register, long value) {
        if ((value & ~mask()) != 0) {
            throw new IllegalArgumentException(name + " value " + value + " does not fit in " + width + " bits");
        }
        return (register & ~(mask() << shift)) | (value << shift);
    }

    /** Shorthand for {@code set(0, value)}: the field's value in place. */
    public long of(long value) {
        return set(0, value);
    }
}
