package io.nvmebridge.bridge.ring;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The three regions of one ring (SQ ring, CQ ring, SQE array) over given memory: slices of an arena
 * allocation for in-JVM rings, slices of the mapped file for shared-memory rings.
 */
public record RingMemory(RingLayout layout, MemorySegment sqRing, MemorySegment cqRing, MemorySegment sqes) {

    /** Allocates and initialises the regions in {@code arena}, page aligned (futex words need native memory). */
    public static RingMemory allocate(Arena arena, RingLayout layout) {
        MemorySegment sq = arena.allocate(layout.sqRingSize(), 4096);
        MemorySegment cq = arena.allocate(layout.cqRingSize(), 4096);
        MemorySegment sqes = arena.allocate(Math.max(layout.sqesSize(), 64), 4096);
        layout.initRegions(sq, cq, sqes);
        return new RingMemory(layout, sq, cq, sqes);
    }

    public SubmissionRing submissionRing() {
        return new SubmissionRing(sqRing, sqes, layout);
    }

    public CompletionRing completionRing() {
        return new CompletionRing(cqRing, layout);
    }
}
