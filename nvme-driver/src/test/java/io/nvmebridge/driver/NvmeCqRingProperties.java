package io.nvmebridge.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.spec.CompletionEntry;
import io.nvmebridge.testsupport.Examples;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Completion entries are bytes the device writes: the driver must survive any of them. Checked against a model:
 * requests of one to three parts are begun, the "device" posts entries of random bytes (with the lap's phase tag)
 * whose CID names an in-flight part, an already finished one, or any 16-bit value; reaping, in random batch
 * sizes and over several laps of the ring, delivers exactly the requests whose every part got an entry — once,
 * with the first error status and the parent's DW0/DW1 — and counts every other entry as unknown, never throwing.
 */
class NvmeCqRingProperties {
    private static final int ENTRIES = 16;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    record Delivered(long userData, int status, long result) {
    }

    private static long entries;
    private static long requests;
    private static long unknown;

    @AfterAll
    static void report() {
        System.out.printf("device completion entries: %d posted, %d requests delivered, %d entries naming no"
                + " in-flight command%n", entries, requests, unknown);
    }

    /**
     * A try is a whole scenario grown from one seed; a smaller seed is not a smaller scenario, so a failure is
     * reported with its seed as drawn, not shrunk.
     */
    @Test
    void anyCompletionBytesDeliverExactlyTheFinishedRequestsOnce() {
        Examples.atLeast(300).checkSeeds(NvmeCqRingProperties::finishedRequestsAreDeliveredOnce);
    }

    private static void finishedRequestsAreDeliveredOnce(long seed) {
        Random rnd = new Random(seed);
        DoorbellRecordingFunction fn = new DoorbellRecordingFunction();
        CommandTrackers trackers = new CommandTrackers(ENTRIES - 1);
        NvmeCqRing ring = new NvmeCqRing(fn, 1, ENTRIES, 0, 4096, trackers);
        ring.attach(null, null);
        MemorySegment cq = fn.allocated.getFirst().segment();
        List<Delivered> delivered = new ArrayList<>();
        IoCompletionHandler handler = (ud, status, result) -> delivered.add(new Delivered(ud, status, result));

        Model model = new Model();
        List<Delivered> expected = new ArrayList<>();
        int deviceSlot = 0;
        int devicePhase = 1;
        long nextUserData = 1;
        long unknownExpected = 0;
        for (int lap = 0; lap < 6; lap++) {
            // begin requests while trackers last
            int requests = rnd.nextInt(6);
            for (int r = 0; r < requests; r++) {
                int parts = 1 + rnd.nextInt(3);
                if (trackers.available() < parts) {
                    break;
                }
                long ud = nextUserData++;
                int p = trackers.begin(ud, handler, parts);
                model.begin(p, ud, parts);
                for (int i = 1; i < parts; i++) {
                    model.part(trackers.beginPart(p), p);
                }
            }
            // the device posts entries of random bytes, each with the lap's phase tag
            int posts = rnd.nextInt(ENTRIES + 1);
            for (int i = 0; i < posts; i++) {
                int cid = pickCid(rnd, model);
                long at = (long) deviceSlot * CompletionEntry.SIZE;
                cq.set(U64, at, rnd.nextLong());
                cq.set(U64, at + 8, rnd.nextLong());
                int status = rnd.nextInt(4) == 0 ? rnd.nextInt(1 << 15) : 0;
                cq.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at + CompletionEntry.CID,
                        (short) cid);
                cq.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                        at + CompletionEntry.STATUS, (short) (status << 1 | devicePhase));
                long result = cq.get(U64, at);
                Delivered d = model.complete(cid, status, result);
                if (d == Model.UNKNOWN) {
                    unknownExpected++;
                } else if (d != null) {
                    expected.add(d);
                }
                if (++deviceSlot == ENTRIES) {
                    deviceSlot = 0;
                    devicePhase ^= 1;
                }
            }
            // the driver reaps them in random batch sizes
            int reaped = 0;
            while (reaped < posts) {
                ring.reap(1 + rnd.nextInt(ENTRIES));
                assertThat(ring.lastReaped()).isPositive();
                reaped += ring.lastReaped();
            }
            assertThat(reaped).isEqualTo(posts);
            assertThat(ring.reap(ENTRIES)).isZero();
            entries += posts;
            assertThat(delivered).containsExactlyElementsOf(expected);
            assertThat(ring.unknownCompletions()).isEqualTo(unknownExpected);
            assertThat(trackers.inUse()).isEqualTo(model.requestsOpen() + model.partsOpen());
        }
        requests += delivered.size();
        unknown += ring.unknownCompletions();
    }

    /** An in-flight part, a part that already finished, or any 16-bit value. */
    private static int pickCid(Random rnd, Model model) {
        int pick = rnd.nextInt(10);
        if (pick < 6 && !model.inFlight.isEmpty()) {
            List<Integer> ids = new ArrayList<>(model.inFlight);
            return ids.get(rnd.nextInt(ids.size()));
        }
        if (pick < 8 && !model.finished.isEmpty()) {
            List<Integer> ids = new ArrayList<>(model.finished);
            return ids.get(rnd.nextInt(ids.size()));
        }
        return rnd.nextInt(1 << 16);
    }

    /** What the driver should do with each entry: CommandTrackers' rules written out plainly. */
    private static final class Model {
        static final Delivered UNKNOWN = new Delivered(-1, -1, -1);
        final Set<Integer> inFlight = new HashSet<>();
        final Set<Integer> finished = new HashSet<>();
        final Map<Integer, Integer> parentOf = new HashMap<>();
        final Map<Integer, long[]> request = new HashMap<>(); // parent -> {userData, pending, firstStatus, result}
        void begin(int p, long ud, int parts) {
            inFlight.add(p);
            finished.remove(p);
            parentOf.put(p, p);
            request.put(p, new long[] {ud, parts, 0, 0});
        }

        void part(int id, int p) {
            inFlight.add(id);
            finished.remove(id);
            parentOf.put(id, p);
        }

        /** The request delivered by this entry, null when none, {@link #UNKNOWN} for an entry naming no part. */
        Delivered complete(int cid, int status, long result) {
            if (!inFlight.remove(cid)) {
                return UNKNOWN;
            }
            finished.add(cid);
            int p = parentOf.get(cid);
            long[] r = request.get(p);
            if (status != 0 && r[2] == 0) {
                r[2] = status;
            }
            if (cid == p) {
                r[3] = result;
            }
            if (--r[1] > 0) {
                return null;
            }
            request.remove(p);
            return new Delivered(r[0], (int) r[2], r[3]);
        }

        int requestsOpen() {
            return request.size();
        }

        /** In-flight children (a parent's tracker stays taken until its whole request is delivered). */
        int partsOpen() {
            int n = 0;
            for (int id : inFlight) {
                if (parentOf.get(id) != id) {
                    n++;
                }
            }
            return n;
        }
    }
}
