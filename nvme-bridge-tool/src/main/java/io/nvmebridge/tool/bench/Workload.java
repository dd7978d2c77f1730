package io.nvmebridge.tool.bench;

/**
 * One benchmark workload, in fio's terms.
 *
 * @param rw         read, write, randread, randwrite or randrw
 * @param rwmixread  percentage of reads in randrw
 * @param bs         block size in bytes (a multiple of the LBA size)
 * @param iodepth    I/Os kept in flight per job
 * @param numjobs    jobs; each has its own ring and NVMe queue pair, on its own thread
 * @param runtimeNanos how long to run (after ramp); 0 when {@code numberIos} bounds the run
 * @param numberIos  I/Os per job; 0 when {@code runtimeNanos} bounds the run
 * @param rampNanos  warm-up before measuring (not counted)
 * @param size       bytes of the namespace the workload touches (from offset 0)
 * @param verify     write checksummed blocks and check every block read back
 * @param seed       seed of the offsets and data
 */
public record Workload(String rw, int rwmixread, int bs, int iodepth, int numjobs, long runtimeNanos, long numberIos,
                       long rampNanos, long size, boolean verify, long seed) {

    public Workload {
        switch (rw) {
            case "read", "write", "randread", "randwrite", "randrw" -> { }
            default -> throw new IllegalArgumentException("--rw must be read, write, randread, randwrite or randrw, not " + rw);
        }
        if (rwmixread < 0 || rwmixread > 100) {
            throw new IllegalArgumentException("--rwmixread must be 0..100, not " + rwmixread);
        }
        if (bs <= 0 || bs % 512 != 0 || bs > (1 << 24)) {
            throw new IllegalArgumentException("--bs must be a multiple of 512 up to 16 MiB, not " + bs);
        }
        if (iodepth < 1 || iodepth > 1024) {
            throw new IllegalArgumentException("--iodepth must be 1..1024, not " + iodepth);
        }
        if (numjobs < 1 || numjobs > 64) {
            throw new IllegalArgumentException("--numjobs must be 1..64, not " + numjobs);
        }
        if (runtimeNanos <= 0 && numberIos <= 0) {
            throw new IllegalArgumentException("give --runtime or --number_ios");
        }
        if (size < bs) {
            throw new IllegalArgumentException("--size must be at least one block (" + bs + " bytes), not " + size);
        }
    }

    public boolean random() {
        return rw.startsWith("rand");
    }

    /** True when the workload issues reads. */
    public boolean reads() {
        return rw.equals("read") || rw.equals("randread") || (rw.equals("randrw") && rwmixread > 0);
    }

    /** True when the workload issues writes. */
    public boolean writes() {
        return rw.equals("write") || rw.equals("randwrite") || (rw.equals("randrw") && rwmixread < 100);
    }

    /** Blocks of {@code bs} in the region. */
    public long blocks() {
        return size / bs;
    }

    public Workload withIodepth(int v) {
        return new Workload(rw, rwmixread, bs, v, numjobs, runtimeNanos, numberIos, rampNanos, size, verify, seed);
    }

    public String describe() {
        return "rw=%s%s bs=%d iodepth=%d numjobs=%d".formatted(rw, rw.equals("randrw") ? " rwmixread=" + rwmixread : "",
                bs, iodepth, numjobs);
    }
}
