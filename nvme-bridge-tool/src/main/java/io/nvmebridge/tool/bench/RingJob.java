package io.nvmebridge.tool.bench;

import io.nvmebridge.bridge.CqeHandler;
import io.nvmebridge.bridge.DataPath;
import io.nvmebridge.bridge.ForwardingPath;
import io.nvmebridge.bridge.NvmeBridge;
import io.nvmebridge.bridge.Ring;
import io.nvmebridge.bridge.RingOptions;
import io.nvmebridge.bridge.abi.IoUring;
import io.nvmebridge.bridge.abi.IoUringSqe;
import io.nvmebridge.bridge.abi.NvmeUringCmd;
import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.device.DmaBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A job on an io_uring ring: the inline, sqpoll, copy and passthru paths. */
final class RingJob extends Job implements CqeHandler {
    private final NvmeBridge bridge;
    private final IoPath path;
    private final int nsid;
    private Ring ring;
    private MemorySegment[] slots;
    private Arena arena;
    private MemorySegment sqes;

    RingJob(Workload w, int index, int lbaSize, BenchRunner runner, NvmeBridge bridge, IoPath path, int nsid) {
        super(w, index, lbaSize, runner);
        this.bridge = bridge;
        this.path = path;
        this.nsid = nsid;
    }

    static RingOptions options(IoPath path, int iodepth) {
        int entries = Integer.highestOneBit(Math.max(2, iodepth - 1)) << 1;
        RingOptions o = RingOptions.defaults().withEntries(entries).withQueueEntries(Math.max(entries + 1, 64));
        return switch (path) {
            case sqpoll -> o.withPath(ForwardingPath.SQPOLL);
            case copy -> o.withData(DataPath.COPY);
            case passthru -> o.withSetupFlags(IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32);
            default -> o;
        };
    }

    @Override
    void open() {
        ring = bridge.openRing(options(path, w.iodepth()));
        sqes = ring.sqes();
        long bytes = (long) w.iodepth() * w.bs();
        MemorySegment all;
        if (path == IoPath.copy) {
            arena = Arena.ofShared();
            all = arena.allocate(bytes, 4096);
            ring.registerMemory(all);
        } else {
            DmaBuffer b = ring.allocateBuffer(bytes); // fixed buffer index 0
            all = b.segment();
        }
        slots = new MemorySegment[w.iodepth()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = all.asSlice((long) i * w.bs(), w.bs());
        }
    }

    @Override
    MemorySegment buffer(int slot) {
        return slots[slot];
    }

    @Override
    boolean issue(int slot, boolean write, long byteOffset) {
        MemorySegment buf = slots[slot];
        return switch (path) {
            case inline, sqpoll -> write ? ring.prepWriteFixed(nsid, buf, byteOffset, 0, slot)
                    : ring.prepReadFixed(nsid, buf, byteOffset, 0, slot);
            case copy -> write ? ring.prepWrite(nsid, buf, byteOffset, slot) : ring.prepRead(nsid, buf, byteOffset, slot);
            case passthru -> passthru(slot, write, byteOffset, buf);
            default -> throw new IllegalStateException(path.name());
        };
    }

    private boolean passthru(int slot, boolean write, long byteOffset, MemorySegment buf) {
        long at = ring.prepNvmeCommand(nsid, write ? NvmOpcode.WRITE : NvmOpcode.READ, buf, slot);
        if (at < 0) {
            return false;
        }
        long cmd = at + IoUringSqe.CMD;
        long slba = byteOffset / lbaSize;
        NvmeUringCmd.setU32(sqes, cmd, NvmeUringCmd.CDW10, (int) slba);
        NvmeUringCmd.setU32(sqes, cmd, NvmeUringCmd.CDW11, (int) (slba >>> 32));
        NvmeUringCmd.setU32(sqes, cmd, NvmeUringCmd.CDW12, w.bs() / lbaSize - 1);
        return true;
    }

    @Override
    void submit() {
        ring.submit();
    }

    @Override
    void reap() {
        ring.waitCqes(1);
        ring.forEachCqe(this);
    }

    @Override
    public void accept(long userData, int res, int flags, long big0) {
        // passthrough answers 0 (or an NVMe status > 0); the others answer bytes moved
        completed((int) userData, path == IoPath.passthru ? (res == 0 ? w.bs() : -Math.abs(res)) : res);
    }

    @Override
    void close() {
        if (ring != null) {
            ring.close();
        }
        if (arena != null) {
            arena.close();
        }
    }
}
