package io.nvmebridge.it.reliability;

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

import java.lang.foreign.MemorySegment;

/**
 * A test's end of one ring: 4 KiB block I/O from slots of one registered DMA buffer, as plain io_uring
 * READ/WRITE (fixed data path) or as NVMe passthrough (URING_CMD), every SQE and CQE counted in a {@link Ledger}.
 * Results are normalised: 0 = success (a full 4 KiB transfer, or NVMe status 0), else -errno, or the NVMe status
 * (&gt; 0) a passthrough command completed with.
 */
final class RingClient implements AutoCloseable {
    final Ring ring;
    final Ledger ledger;
    final MemorySegment buf;
    private final boolean passthrough;
    private final int slots;

    RingClient(NvmeBridge bridge, ForwardingPath path, boolean passthrough, int slots, String name) {
        int flags = passthrough ? IoUring.SETUP_SQE128 | IoUring.SETUP_CQE32 : 0;
        this.ring = bridge.openRing(RingOptions.defaults().withPath(path).withData(DataPath.FIXED)
                .withEntries(64).withSetupFlags(flags).withQueueEntries(128).withSqThreadIdleMs(5));
        this.passthrough = passthrough;
        this.slots = slots;
        this.ledger = new Ledger(name);
        DmaBuffer b = ring.allocateBuffer((long) slots * BlockPattern.BLOCK);
        this.buf = b.segment();
    }

    MemorySegment slot(int slot) {
        return buf.asSlice((long) slot * BlockPattern.BLOCK, BlockPattern.BLOCK);
    }

    long slotOffset(int slot) {
        return (long) slot * BlockPattern.BLOCK;
    }

    int slots() {
        return slots;
    }

    /** Writes slot {@code slot} to 4 KiB block {@code block} of {@code nsid}; false when the SQ is full. */
    boolean write(int nsid, int lbaSize, long block, int slot, long userData) {
        return rw(true, nsid, lbaSize, block, slot, userData);
    }

    boolean read(int nsid, int lbaSize, long block, int slot, long userData) {
        return rw(false, nsid, lbaSize, block, slot, userData);
    }

    private boolean rw(boolean write, int nsid, int lbaSize, long block, int slot, long userData) {
        MemorySegment data = slot(slot);
        boolean ok;
        if (passthrough) {
            long at = ring.prepNvmeCommand(nsid, write ? NvmOpcode.WRITE : NvmOpcode.READ, data, userData);
            ok = at >= 0;
            if (ok) {
                long slba = block * (BlockPattern.BLOCK / lbaSize);
                long c = at + IoUringSqe.CMD;
                NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.CDW10, (int) slba);
                NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.CDW11, (int) (slba >>> 32));
                NvmeUringCmd.setU32(ring.sqes(), c, NvmeUringCmd.CDW12, BlockPattern.BLOCK / lbaSize - 1);
            }
        } else {
            ok = write ? ring.prepWrite(nsid, data, block * BlockPattern.BLOCK, userData)
                    : ring.prepRead(nsid, data, block * BlockPattern.BLOCK, userData);
        }
        if (ok) {
            ledger.submitted(userData);
        }
        return ok;
    }

    boolean nop(long userData) {
        boolean ok = ring.prepNop(userData);
        if (ok) {
            ledger.submitted(userData);
        }
        return ok;
    }

    boolean fsync(int nsid, long userData) {
        boolean ok = ring.prepFsync(nsid, 0, userData);
        if (ok) {
            ledger.submitted(userData);
        }
        return ok;
    }

    int submit() {
        return ring.submit();
    }

    /** Waits for at least one CQE, then reaps all ready ones through the ledger into {@code h} (normalised res). */
    int reap(CqeHandler h) {
        ring.waitCqes(1);
        return reapReady(h);
    }

    /** Reaps the CQEs that are ready, without waiting. */
    int reapReady(CqeHandler h) {
        return ring.forEachCqe((ud, res, flags, big0) -> {
            int norm = normalise(res);
            if (ledger.completed(ud, norm) >= 0) {
                h.accept(ud, norm, flags, big0);
            }
        });
    }

    /** 0 for success; NOP and FSYNC complete with res 0, reads/writes with the byte count. */
    private int normalise(int res) {
        if (res == BlockPattern.BLOCK) {
            return 0;
        }
        return res; // 0 (NOP, FSYNC, passthrough success), -errno, or a passthrough NVMe status
    }

    @Override
    public void close() {
        ring.close();
    }
}
