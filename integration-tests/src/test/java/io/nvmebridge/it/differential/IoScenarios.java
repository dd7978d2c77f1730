package io.nvmebridge.it.differential;

import static io.nvmebridge.it.differential.DifferentialTest.MDTS;
import static io.nvmebridge.it.differential.DifferentialTest.MD_NS;
import static io.nvmebridge.it.differential.DifferentialTest.MD_NS_LBA;
import static io.nvmebridge.it.differential.DifferentialTest.MD_NS_MS;
import static io.nvmebridge.it.differential.DifferentialTest.NS1;
import static io.nvmebridge.it.differential.DifferentialTest.NS1_LBA;
import static io.nvmebridge.it.differential.DifferentialTest.NS2;
import static io.nvmebridge.it.differential.DifferentialTest.NS2_LBA;
import static io.nvmebridge.it.differential.DifferentialTest.NS_BYTES;

import io.nvmebridge.spec.NvmOpcode;
import io.nvmebridge.spec.admin.NvmCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * NVM I/O: read/write/compare/write zeroes/DSM/flush with valid and invalid ranges and NSIDs, MDTS, unknown
 * opcodes, fused/SGL bits, and PRP shapes (offsets, PRP2, lists, chained lists, misaligned entries), with data
 * compared byte for byte. Every script runs on I/O queue pair 1 (16 entries).
 */
final class IoScenarios {
    static final int PAGE = 4096;
    static final int MAX_BYTES = PAGE << MDTS;

    private IoScenarios() {
    }

    static int lbaSize(int nsid) {
        return nsid == NS2 ? NS2_LBA : NS1_LBA;
    }

    static long blocks(int nsid) {
        return NS_BYTES / lbaSize(nsid);
    }

    /** An I/O command on {@code nsid} at {@code slba} for {@code count} blocks (NLB = count - 1). */
    static Command rw(int opcode, int nsid, long slba, int count) {
        return Command.of(opcode).nsid(nsid).cdw10((int) slba).cdw11((int) (slba >>> 32))
                .cdw12((count - 1) & NvmCommands.CDW12_NLB_MASK);
    }

    /** A scenario on a fresh I/O queue pair 1. */
    private static Scenario io(String group, String name, Consumer<Ctx> body) {
        return new Scenario(group, name, c -> {
            c.ioPair(1, 16);
            body.accept(c);
        });
    }

    /** Reads {@code count} blocks into data offset 0x10000 (PRP1 + PRP2 or a list at 0x8000) and records them. */
    static void readBack(Ctx c, String label, int nsid, long slba, int count) {
        int bytes = count * lbaSize(nsid);
        long buf = 0x10000;
        c.data().asSlice(buf, bytes).fill((byte) 0xEE);
        Command cmd = rw(NvmOpcode.READ, nsid, slba, count).prp1(c.bus(buf));
        setPrp2(c, cmd, buf, bytes, 0x8000);
        c.io(label, 1, cmd);
        c.bytes(label + " data", buf, bytes);
    }

    /** Fills PRP2 for a page-aligned buffer at {@code buf}: none, the second page, or a list at {@code list}. */
    static void setPrp2(Ctx c, Command cmd, long buf, int bytes, long list) {
        int pages = (bytes + PAGE - 1) / PAGE;
        if (pages == 2) {
            cmd.prp2(c.bus(buf + PAGE));
        } else if (pages > 2) {
            for (int i = 1; i < pages; i++) {
                c.putU64(list + 8L * (i - 1), c.bus(buf + (long) i * PAGE));
            }
            cmd.prp2(c.bus(list));
        }
    }

    /** Writes a pattern of {@code count} blocks from data offset 0x40000 (PRPs built like {@link #readBack}). */
    static Cqe write(Ctx c, String label, int nsid, long slba, int count, long seed) {
        int bytes = count * lbaSize(nsid);
        long buf = 0x40000;
        c.pattern(buf, bytes, seed);
        Command cmd = rw(NvmOpcode.WRITE, nsid, slba, count).prp1(c.bus(buf));
        setPrp2(c, cmd, buf, bytes, 0x9000);
        return c.io(label, 1, cmd);
    }

    static List<Scenario> all() {
        List<Scenario> s = new ArrayList<>();
        data(s);
        metadata(s);
        invalid(s);
        otherCommands(s);
        prp(s);
        return s;
    }

    private static void data(List<Scenario> s) {
        // the metadata namespace too: these commands carry no MPTR, so they move data alone
        for (int nsid : new int[] {NS1, NS2, MD_NS}) {
            long last = blocks(nsid) - 1;
            String ns = "ns" + nsid + " ";
            s.add(io("io", ns + "read initial data", c -> readBack(c, "read", nsid, 7, 4)));
            s.add(io("io", ns + "read last block", c -> readBack(c, "read", nsid, last, 1)));
            s.add(io("io", ns + "write then read 1 block", c -> {
                write(c, "write", nsid, 100, 1, 11);
                readBack(c, "read", nsid, 100, 1);
            }));
            s.add(io("io", ns + "write then read 8 blocks", c -> {
                write(c, "write", nsid, 200, 8, 12);
                readBack(c, "read", nsid, 199, 10);
            }));
            s.add(io("io", ns + "write last block", c -> {
                write(c, "write", nsid, last, 1, 13);
                readBack(c, "read", nsid, last - 1, 2);
            }));
            s.add(io("io", ns + "write max transfer", c -> {
                int count = MAX_BYTES / lbaSize(nsid);
                write(c, "write", nsid, 32, count, 14);
                readBack(c, "read", nsid, 32, count);
            }));
            s.add(io("io", ns + "read beyond mdts", c -> c.io("read", 1,
                    rw(NvmOpcode.READ, nsid, 0, MAX_BYTES / lbaSize(nsid) + 1).prp1(c.bus(0x10000)))));
            s.add(io("io", ns + "read slba = nsze", c -> c.io("read", 1,
                    rw(NvmOpcode.READ, nsid, last + 1, 1).prp1(c.bus(0x10000)))));
            s.add(io("io", ns + "read crossing end", c -> c.io("read", 1,
                    rw(NvmOpcode.READ, nsid, last, 2).prp1(c.bus(0x10000)))));
            s.add(io("io", ns + "write crossing end writes nothing", c -> {
                c.pattern(0x10000, 2 * lbaSize(nsid), 41);
                c.io("write", 1, rw(NvmOpcode.WRITE, nsid, last, 2).prp1(c.bus(0x10000)).prp2(c.bus(0x20000)));
                readBack(c, "read", nsid, last, 1);
            }));
            s.add(io("io", ns + "write beyond mdts writes nothing", c -> {
                int count = MAX_BYTES / lbaSize(nsid) + 1;
                Cqe e = write(c, "write", nsid, 40, count, 42);
                readBack(c, "read", nsid, 40, 2);
            }));
            s.add(io("io", ns + "failed read leaves the buffer alone", c -> {
                c.data().asSlice(0x10000, 8192).fill((byte) 0x33);
                c.io("read", 1, rw(NvmOpcode.READ, nsid, last, 2).prp1(c.bus(0x10000)).prp2(c.bus(0x11000)));
                c.bytes("buffer", 0x10000, 8192);
            }));
            s.add(io("io", ns + "read slba wraps", c -> c.io("read", 1,
                    rw(NvmOpcode.READ, nsid, -1L, 2).prp1(c.bus(0x10000)))));
            s.add(io("io", ns + "write zeroes then read", c -> {
                write(c, "write", nsid, 300, 4, 15);
                c.io("write zeroes", 1, rw(NvmOpcode.WRITE_ZEROES, nsid, 301, 2));
                readBack(c, "read", nsid, 300, 4);
            }));
            s.add(io("io", ns + "write zeroes deac", c -> {
                c.io("write zeroes", 1, rw(NvmOpcode.WRITE_ZEROES, nsid, 310, 2).cdw12(1 | NvmCommands.CDW12_DEAC));
                readBack(c, "read", nsid, 310, 2);
            }));
            s.add(io("io", ns + "write zeroes beyond mdts", c -> {
                c.io("write zeroes", 1, rw(NvmOpcode.WRITE_ZEROES, nsid, 0, MAX_BYTES / lbaSize(nsid) * 2));
                readBack(c, "read", nsid, MAX_BYTES / lbaSize(nsid) * 2 - 1, 2);
            }));
            s.add(io("io", ns + "write zeroes crossing end", c -> c.io("write zeroes", 1,
                    rw(NvmOpcode.WRITE_ZEROES, nsid, last, 2))));
            s.add(io("io", ns + "compare equal", c -> {
                write(c, "write", nsid, 400, 2, 16);
                Command cmp = rw(NvmOpcode.COMPARE, nsid, 400, 2).prp1(c.bus(0x40000));
                setPrp2(c, cmp, 0x40000, 2 * lbaSize(nsid), 0x9000);
                c.io("compare", 1, cmp);
            }));
            s.add(io("io", ns + "compare different", c -> {
                write(c, "write", nsid, 410, 2, 17);
                c.data().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0x40000 + lbaSize(nsid) + 5, (byte) 0x5A);
                Command cmp = rw(NvmOpcode.COMPARE, nsid, 410, 2).prp1(c.bus(0x40000));
                setPrp2(c, cmp, 0x40000, 2 * lbaSize(nsid), 0x9000);
                c.io("compare", 1, cmp);
            }));
            s.add(io("io", ns + "compare crossing end", c -> c.io("compare", 1,
                    rw(NvmOpcode.COMPARE, nsid, last, 2).prp1(c.bus(0x40000)))));
            s.add(io("io", ns + "compare beyond mdts", c -> c.io("compare", 1,
                    rw(NvmOpcode.COMPARE, nsid, 0, MAX_BYTES / lbaSize(nsid) + 1).prp1(c.bus(0x40000)))));
            s.add(io("io", ns + "dsm deallocate then read", c -> {
                write(c, "write", nsid, 512, 8, 18);
                dsmRange(c, 0, 512, 8);
                c.io("dsm", 1, Command.of(NvmOpcode.DATASET_MANAGEMENT).nsid(nsid).prp1(c.bus(0))
                        .cdw10(0).cdw11(NvmCommands.DSM_ATTR_DEALLOCATE));
            }));
            s.add(io("io", ns + "dsm range crossing end", c -> {
                dsmRange(c, 0, last, 2);
                c.io("dsm", 1, Command.of(NvmOpcode.DATASET_MANAGEMENT).nsid(nsid).prp1(c.bus(0))
                        .cdw10(0).cdw11(NvmCommands.DSM_ATTR_DEALLOCATE));
            }));
            s.add(io("io", ns + "dsm 256 ranges", c -> {
                for (int i = 0; i < 256; i++) {
                    dsmRange(c, i, 1000 + 2L * i, 1);
                }
                c.io("dsm", 1, Command.of(NvmOpcode.DATASET_MANAGEMENT).nsid(nsid).prp1(c.bus(0))
                        .cdw10(255).cdw11(NvmCommands.DSM_ATTR_DEALLOCATE));
            }));
            s.add(io("io", ns + "dsm attributes without deallocate", c -> {
                dsmRange(c, 0, 600, 4);
                c.io("dsm", 1, Command.of(NvmOpcode.DATASET_MANAGEMENT).nsid(nsid).prp1(c.bus(0))
                        .cdw10(0).cdw11(NvmCommands.DSM_ATTR_IDR | NvmCommands.DSM_ATTR_IDW));
                readBack(c, "read", nsid, 600, 1);
            }));
            s.add(io("io", ns + "flush", c -> c.io("flush", 1, Command.of(NvmOpcode.FLUSH).nsid(nsid))));
            s.add(io("io", ns + "fua write", c -> {
                Cqe e = c.io("write", 1, rw(NvmOpcode.WRITE, nsid, 700, 1).prp1(c.bus(0x40000))
                        .cdw12(NvmCommands.CDW12_FUA));
                readBack(c, "read", nsid, 700, 1);
            }));
            s.add(io("io", ns + "limited retry read", c -> c.io("read", 1,
                    rw(NvmOpcode.READ, nsid, 0, 1).prp1(c.bus(0x10000)).cdw12(NvmCommands.CDW12_LR))));
            s.add(io("io", ns + "write zeroes 65536 blocks", c -> c.io("write zeroes", 1,
                    rw(NvmOpcode.WRITE_ZEROES, nsid, 0, 0x10000))));
            s.add(io("io", ns + "read with dsm hints and cdw14 15", c -> c.io("read", 1,
                    rw(NvmOpcode.READ, nsid, 0, 1).prp1(c.bus(0x10000)).cdw13(0x83).cdw14(0x1234).cdw15(0x5678))));
            s.add(io("io", ns + "compare with a prp list", c -> {
                int count = 3 * PAGE / lbaSize(nsid);
                write(c, "write", nsid, 1500 % blocks(nsid), count, 19);
                Command cmp = rw(NvmOpcode.COMPARE, nsid, 1500 % blocks(nsid), count).prp1(c.bus(0x40000));
                setPrp2(c, cmp, 0x40000, count * lbaSize(nsid), 0x9000);
                c.io("compare", 1, cmp);
            }));
            s.add(io("io", ns + "dsm nr 255 ranges beyond end", c -> {
                for (int i = 0; i < 256; i++) {
                    dsmRange(c, i, i == 200 ? last : 2000 % blocks(nsid) + i, i == 200 ? 5 : 1);
                }
                c.io("dsm", 1, Command.of(NvmOpcode.DATASET_MANAGEMENT).nsid(nsid).prp1(c.bus(0))
                        .cdw10(255).cdw11(NvmCommands.DSM_ATTR_DEALLOCATE));
            }));
            s.add(io("io", ns + "prinfo on a namespace without pi", c -> c.io("read", 1,
                    rw(NvmOpcode.READ, nsid, 0, 1).prp1(c.bus(0x10000)).cdw12(0xF << 26))));
        }
    }

    /** Where the metadata scenarios keep the metadata they write and the metadata they read. */
    private static final long META_OUT = 0x70000;
    private static final long META_IN = 0x78000;

    /** {@code count} blocks of the metadata namespace at {@code slba}, data at 0x40000 / 0x10000, MPTR as given. */
    private static Command metaRw(Ctx c, int opcode, long slba, int count, long mptr) {
        long buf = opcode == NvmOpcode.READ ? 0x10000 : 0x40000;
        Command cmd = rw(opcode, MD_NS, slba, count).prp1(c.bus(buf)).mptr(mptr);
        setPrp2(c, cmd, buf, count * MD_NS_LBA, opcode == NvmOpcode.READ ? 0x8000 : 0x9000);
        return cmd;
    }

    /** Reads {@code count} blocks with their metadata into META_IN (filled with 0xEE first) and records both. */
    private static void readWithMetadata(Ctx c, String label, long slba, int count) {
        int metaBytes = count * MD_NS_MS;
        c.data().asSlice(0x10000, (long) count * MD_NS_LBA).fill((byte) 0xEE);
        c.data().asSlice(META_IN, metaBytes).fill((byte) 0xEE);
        c.io(label, 1, metaRw(c, NvmOpcode.READ, slba, count, c.bus(META_IN)));
        c.bytes(label + " data", 0x10000, count * MD_NS_LBA);
        c.bytes(label + " metadata", META_IN, metaBytes);
    }

    /** Writes a pattern of {@code count} blocks and {@code count × 8} bytes of metadata. */
    private static void writeWithMetadata(Ctx c, String label, long slba, int count, long seed) {
        c.pattern(0x40000, count * MD_NS_LBA, seed);
        c.pattern(META_OUT, count * MD_NS_MS, seed + 1000);
        c.io(label, 1, metaRw(c, NvmOpcode.WRITE, slba, count, c.bus(META_OUT)));
    }

    /** Metadata in a separate buffer (MPTR), on {@link DifferentialTest#MD_NS}. */
    private static void metadata(List<Scenario> s) {
        long last = blocks(MD_NS) - 1;
        s.add(io("metadata", "read initial metadata", c -> readWithMetadata(c, "read", 7, 4)));
        s.add(io("metadata", "read last block's metadata", c -> readWithMetadata(c, "read", last, 1)));
        s.add(io("metadata", "write with metadata then read it", c -> {
            writeWithMetadata(c, "write", 100, 4, 51);
            readWithMetadata(c, "read", 99, 6);
        }));
        s.add(io("metadata", "write with metadata max transfer", c -> {
            int count = MAX_BYTES / MD_NS_LBA;
            writeWithMetadata(c, "write", 1000, count, 52);
            readWithMetadata(c, "read", 1000, count);
        }));
        s.add(io("metadata", "write without mptr keeps the metadata", c -> {
            writeWithMetadata(c, "write", 200, 2, 53);
            c.pattern(0x40000, 2 * MD_NS_LBA, 54);
            c.io("write data only", 1, metaRw(c, NvmOpcode.WRITE, 200, 2, 0));
            readWithMetadata(c, "read", 200, 2);
        }));
        s.add(io("metadata", "compare checks metadata", c -> {
            writeWithMetadata(c, "write", 300, 2, 55);
            c.io("compare equal", 1, metaRw(c, NvmOpcode.COMPARE, 300, 2, c.bus(META_OUT)));
            c.data().set(java.lang.foreign.ValueLayout.JAVA_BYTE, META_OUT + 9,
                    (byte) ~c.data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, META_OUT + 9));
            c.io("compare metadata differs", 1, metaRw(c, NvmOpcode.COMPARE, 300, 2, c.bus(META_OUT)));
            c.io("compare data only", 1, metaRw(c, NvmOpcode.COMPARE, 300, 2, 0));
        }));
        s.add(io("metadata", "write zeroes zeroes metadata", c -> {
            writeWithMetadata(c, "write", 400, 4, 56);
            c.io("write zeroes", 1, rw(NvmOpcode.WRITE_ZEROES, MD_NS, 401, 2));
            readWithMetadata(c, "read", 400, 4);
        }));
        s.add(io("metadata", "dsm deallocate then read metadata", c -> {
            writeWithMetadata(c, "write", 512, 8, 57);
            dsmRange(c, 0, 512, 8);
            c.io("dsm", 1, Command.of(NvmOpcode.DATASET_MANAGEMENT).nsid(MD_NS).prp1(c.bus(0))
                    .cdw10(0).cdw11(NvmCommands.DSM_ATTR_DEALLOCATE));
            readWithMetadata(c, "read", 512, 8);
        }));
        s.add(io("metadata", "read crossing end leaves the metadata buffer alone", c ->
                readWithMetadata(c, "read", last, 2)));
    }

    private static void dsmRange(Ctx c, int i, long slba, int blocks) {
        long at = (long) i * NvmCommands.DSM_RANGE_SIZE;
        c.putU32(at + NvmCommands.DSM_RANGE_ATTRIBUTES, 0);
        c.putU32(at + NvmCommands.DSM_RANGE_LENGTH, blocks);
        c.putU64(at + NvmCommands.DSM_RANGE_SLBA, slba);
    }

    private static void invalid(List<Scenario> s) {
        int[] opcodes = {NvmOpcode.READ, NvmOpcode.WRITE, NvmOpcode.FLUSH, NvmOpcode.WRITE_ZEROES,
            NvmOpcode.COMPARE, NvmOpcode.DATASET_MANAGEMENT};
        for (int opc : opcodes) {
            for (int nsid : new int[] {0, 3, 257, 0xFFFFFFFF}) {
                s.add(io("io-nsid", NvmOpcode.name(opc) + " nsid 0x" + Integer.toHexString(nsid), c -> c.io("cmd", 1,
                        rw(opc, nsid, 0, 1).prp1(c.bus(0x10000)))));
            }
        }
        for (int opc : new int[] {0x03, NvmOpcode.WRITE_UNCORRECTABLE, 0x06, 0x07, NvmOpcode.VERIFY,
            NvmOpcode.RESERVATION_REGISTER, NvmOpcode.RESERVATION_REPORT, NvmOpcode.COPY, 0x7F, 0x80, 0x81, 0xFF}) {
            s.add(io("opcodes", "io 0x" + Integer.toHexString(opc), c -> c.io("cmd", 1,
                    rw(opc, NS1, 0, 1).prp1(c.bus(0x10000)))));
        }
        s.add(io("io-flags", "read fused first", c -> c.io("read", 1,
                rw(NvmOpcode.READ, NS1, 0, 1).prp1(c.bus(0x10000)).flags(0x01))));
        s.add(io("io-flags", "compare fused first then write fused second", c -> {
            c.submit(1, rw(NvmOpcode.COMPARE, NS1, 0, 1).prp1(c.bus(0x10000)).flags(0x01));
            c.submit(1, rw(NvmOpcode.WRITE, NS1, 0, 1).prp1(c.bus(0x10000)).flags(0x02));
            List<String> got = new ArrayList<>();
            got.add(c.raw.await(1).summary());
            got.add(c.raw.await(1).summary());
            got.sort(null);
            c.value("completions", got);
        }));
        s.add(io("io-flags", "fuse value 3", c -> c.io("read", 1,
                rw(NvmOpcode.READ, NS1, 0, 1).prp1(c.bus(0x10000)).flags(0x03))));
        s.add(io("io-flags", "flush psdt 1", c -> c.io("flush", 1,
                Command.of(NvmOpcode.FLUSH).nsid(NS1).flags(0x40))));
        s.add(io("io-flags", "psdt 3 reserved", c -> c.io("read", 1,
                rw(NvmOpcode.READ, NS1, 0, 1).prp1(c.bus(0x10000)).flags(0xC0))));
        s.add(io("io-flags", "read with sgl data block", c -> {
            // SGL Data Block descriptor in DPTR: address, length, type 0
            c.io("read", 1, rw(NvmOpcode.READ, NS1, 0, 1).prp1(c.bus(0x10000)).prp2(512).flags(0x40));
        }));
        s.add(io("io-flags", "reserved flag bits", c -> c.io("read", 1,
                rw(NvmOpcode.READ, NS1, 0, 1).prp1(c.bus(0x10000)).flags(0x3C))));
    }

    private static void otherCommands(List<Scenario> s) {
        s.add(io("io", "flush all namespaces", c -> c.io("flush", 1, Command.of(NvmOpcode.FLUSH).nsid(0xFFFFFFFF))));
        s.add(io("io", "io on a missing sq", c -> {
            c.raw.track(2, 16, 0);
            c.raw.ringRaw(io.nvmebridge.spec.regs.ControllerRegisters.sqTailDoorbell(2, c.raw.dstrd()), 1);
            c.hex("CSTS", c.reg32(io.nvmebridge.spec.regs.ControllerRegisters.CSTS));
            c.admin("admin still works", Command.of(io.nvmebridge.spec.AdminOpcode.GET_FEATURES).cdw10(7));
        }));
        s.add(io("io", "admin opcode on io queue", c -> c.io("identify on io sq", 1,
                Command.of(0x06).prp1(c.bus(0)).cdw10(1))));
        s.add(io("io", "write and read both namespaces interleaved", c -> {
            write(c, "write ns1", NS1, 800, 8, 21);
            write(c, "write ns2", NS2, 800, 1, 22);
            readBack(c, "read ns1", NS1, 800, 8);
            readBack(c, "read ns2", NS2, 800, 1);
        }));
    }

    private static void prp(List<Scenario> s) {
        // reads of ns1 (512-byte blocks) into buffers of many shapes; the whole window is recorded
        s.add(io("prp", "512 bytes at page offset 0x200", c -> shapedRead(c, 1, 0x10200, 0)));
        s.add(io("prp", "512 bytes at page offset 0xe00", c -> shapedRead(c, 1, 0x10E00, 0)));
        s.add(io("prp", "4 KiB at page offset 0x800 with prp2", c -> shapedRead(c, 8, 0x10800, c.bus(0x20000))));
        s.add(io("prp", "4 KiB at page offset 0x800 prp2 misaligned", c -> shapedRead(c, 8, 0x10800, c.bus(0x20010))));
        s.add(io("prp", "4 KiB at page offset 0x800 prp2 0x200", c -> shapedRead(c, 8, 0x10800, c.bus(0x20200))));
        s.add(io("prp", "4 KiB aligned prp2 garbage ignored", c -> shapedRead(c, 8, 0x10000, 0xDEAD_BEEF_0123L)));
        s.add(io("prp", "8 KiB aligned two pages", c -> shapedRead(c, 16, 0x10000, c.bus(0x30000))));
        s.add(io("prp", "1 KiB crossing a page boundary", c -> shapedRead(c, 2, 0x10E00, c.bus(0x30000))));
        s.add(io("prp", "12 KiB with a list", c -> {
            listAt(c, 0x8000, 0x30000, 0x50000);
            shapedRead(c, 24, 0x10000, c.bus(0x8000));
        }));
        s.add(io("prp", "12 KiB misaligned first page with a list", c -> {
            listAt(c, 0x8000, 0x30000, 0x50000, 0x60000);
            shapedRead(c, 24, 0x10400, c.bus(0x8000));
        }));
        s.add(io("prp", "list at page offset", c -> {
            listAt(c, 0x8100, 0x30000, 0x50000);
            shapedRead(c, 24, 0x10000, c.bus(0x8100));
        }));
        s.add(io("prp", "list pointer not qword aligned", c -> {
            listAt(c, 0x8104, 0x30000, 0x50000);
            shapedRead(c, 24, 0x10000, c.bus(0x8104));
        }));
        s.add(io("prp", "list entry misaligned", c -> {
            listAt(c, 0x8000, 0x30010, 0x50000);
            shapedRead(c, 24, 0x10000, c.bus(0x8000));
        }));
        s.add(io("prp", "last list entry misaligned", c -> {
            listAt(c, 0x8000, 0x30000, 0x50800);
            shapedRead(c, 24, 0x10000, c.bus(0x8000));
        }));
        s.add(io("prp", "chained list", c -> {
            // the list starts 2 entries before a page end: entry 1 (the page's last) points to the next list page
            listAt(c, 0x8FF0, 0x30000, c.bus(0xA000) - c.bus(0));
            listAt(c, 0xA000, 0x50000, 0x60000, 0x70000);
            c.putU64(0x8FF8, c.bus(0xA000));
            shapedRead(c, 40, 0x10000, c.bus(0x8FF0));
        }));
        s.add(io("prp", "chained list pointer misaligned", c -> {
            listAt(c, 0x8FF0, 0x30000);
            listAt(c, 0xA000, 0x50000, 0x60000, 0x70000);
            c.putU64(0x8FF8, c.bus(0xA010));
            shapedRead(c, 40, 0x10000, c.bus(0x8FF0));
        }));
        s.add(io("prp", "max transfer with a list", c -> {
            long[] pages = new long[31];
            for (int i = 0; i < pages.length; i++) {
                pages[i] = 0x100000 + (long) (pages.length - i) * 0x2000; // descending, not contiguous
            }
            listAt(c, 0x8000, pages);
            shapedRead(c, MAX_BYTES / NS1_LBA, 0x10000, c.bus(0x8000));
        }));
        s.add(io("prp", "max transfer misaligned needs one more page", c -> {
            long[] pages = new long[32];
            for (int i = 0; i < pages.length; i++) {
                pages[i] = 0x100000 + (long) i * 0x1000;
            }
            listAt(c, 0x8000, pages);
            shapedRead(c, MAX_BYTES / NS1_LBA, 0xFE00, c.bus(0x8000));
        }));
        s.add(io("prp", "prp1 beyond memory", c -> shapedRead(c, 1, -1, 0)));
        s.add(io("prp", "list entry beyond memory", c -> {
            listAt(c, 0x8000, 0x30000);
            c.putU64(0x8008, 0x7FF0_0000_0000L);
            shapedRead(c, 24, 0x10000, c.bus(0x8000));
        }));
        s.add(io("prp", "write through a chained list then read aligned", c -> {
            listAt(c, 0x8FF0, 0x30000);
            listAt(c, 0xA000, 0x50000, 0x60000);
            c.putU64(0x8FF8, c.bus(0xA000));
            c.pattern(0x10800, 2048, 31);
            c.pattern(0x30000, 4096, 32);
            c.pattern(0x50000, 4096, 33);
            c.pattern(0x60000, 2048, 34);
            c.io("write", 1, rw(NvmOpcode.WRITE, NS1, 900, 24).prp1(c.bus(0x10800)).prp2(c.bus(0x8FF0)));
            readBack(c, "read", NS1, 900, 24);
        }));
        s.add(io("prp", "write with misaligned prp2 page", c -> {
            c.io("write", 1, rw(NvmOpcode.WRITE, NS1, 950, 16).prp1(c.bus(0x10000)).prp2(c.bus(0x20008)));
            readBack(c, "read", NS1, 950, 16);
        }));
        s.add(io("prp", "dsm ranges across a page via prp2", c -> {
            for (int i = 0; i < 4; i++) {
                long at = 0xFFE0 + 16L * i;
                long off = at < 0x10000 ? at : 0x20000 + (at - 0x10000);
                c.putU32(off, 0);
                c.putU32(off + 4, 1);
                c.putU64(off + 8, 1200 + i);
            }
            c.io("dsm", 1, Command.of(NvmOpcode.DATASET_MANAGEMENT).nsid(NS1).prp1(c.bus(0xFFE0))
                    .prp2(c.bus(0x20000)).cdw10(3).cdw11(NvmCommands.DSM_ATTR_DEALLOCATE));
        }));
    }

    /** Writes PRP list entries (data offsets, as bus addresses) at data offset {@code at}. */
    private static void listAt(Ctx c, long at, long... dataOffsets) {
        for (int i = 0; i < dataOffsets.length; i++) {
            c.putU64(at + 8L * i, c.bus(dataOffsets[i]));
        }
    }

    /**
     * Reads {@code count} 512-byte blocks of ns1 from LBA 64 with PRP1 at data offset {@code prp1} (-1: an
     * address beyond memory) and the given raw PRP2; records status and the first 256 KiB window of data.
     */
    private static void shapedRead(Ctx c, int count, long prp1, long prp2) {
        c.data().asSlice(0x10000 - 0x1000, 0x80000).fill((byte) 0xEE);
        c.data().asSlice(0x100000, 0x42000).fill((byte) 0xEE);
        c.io("read", 1, rw(NvmOpcode.READ, NS1, 64, count).prp1(prp1 < 0 ? 0x7FF0_0000_0000L : c.bus(prp1)).prp2(prp2));
        c.bytes("window 0x10000", 0x10000 - 0x1000, 0x20000);
        c.bytes("window 0x30000", 0x30000, 0x2000);
        c.bytes("window 0x50000", 0x50000, 0x30000);
        c.bytes("window 0x100000", 0x100000, 0x42000);
    }
}
