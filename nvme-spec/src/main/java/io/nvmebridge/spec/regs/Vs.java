package io.nvmebridge.spec.regs;

/** Fields of VS, Version (32 bit, offset 0x08), also the layout of Identify Controller VER. */
public final class Vs {
    public static final RegisterField TER = new RegisterField("VS.TER", 0, 8);
    public static final RegisterField MNR = new RegisterField("VS.MNR", 8, 8);
    public static final RegisterField MJR = new RegisterField("VS.MJR", 16, 16);

    /** NVMe 1.4.0. */
    public static final int V1_4 = of(1, 4, 0);

    private Vs() {
    }

    public static int of(int major, int minor, int tertiary) {
        return (int) (MJR.of(major) | MNR.of(minor) | TER.of(tertiary));
    }

    public static String describe(int vs) {
        return MJR.get(vs) + "." + MNR.get(vs) + "." + TER.get(vs);
    }
}
