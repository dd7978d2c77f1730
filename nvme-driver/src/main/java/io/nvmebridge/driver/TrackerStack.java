package io.nvmebridge.driver;

/**
 * Free command identifiers: a fixed stack of tracker indices (the index is the CID). Single owner, no locks,
 * no allocation after construction. LIFO so the most recently used tracker (and its PRP list, warm in cache)
 * is reused first.
 */
final class TrackerStack {
    private final int[] free;
    private final boolean[] inUse;
    private int top;

    TrackerStack(int capacity) {
        if (capacity < 1 || capacity > 65535) {
            throw new IllegalArgumentException("tracker capacity must be 1..65535: " + capacity);
        }
        free = new int[capacity];
        inUse = new boolean[capacity];
        reset();
    }

    /** Marks every tracker free: lowest indices on top. */
    void reset() {
        for (int i = 0; i < free.length; i++) {
            free[i] = free.length - 1 - i;
            inUse[i] = false;
        }
        top = free.length;
    }

    int capacity() {
        return free.length;
    }

    int available() {
        return top;
    }

    int inUse() {
        return free.length - top;
    }

    /** A free index, or -1 when all are in use. */
    int pop() {
        if (top == 0) {
            return -1;
        }
        int id = free[--top];
        inUse[id] = true;
        return id;
    }

    /** True when {@code id} is a tracker currently handed out (used to reject unknown CIDs). */
    boolean isInUse(int id) {
        return id >= 0 && id < inUse.length && inUse[id];
    }

    /** Returns a tracker; returning one that is not in use is a driver bug and throws. */
    void push(int id) {
        if (!isInUse(id)) {
            throw new IllegalStateException("tracker " + id + " is not in use");
        }
        inUse[id] = false;
        free[top++] = id;
    }
}
