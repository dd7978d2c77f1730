package io.nvmebridge.bridge.shm;

import io.nvmebridge.bridge.Ring;
import io.nvmebridge.bridge.RingAccess;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A Java client of a shared-memory ring file served by another process (or thread): the same
 * {@link Ring} API, with addresses that are byte offsets in {@link #data()}.
 */
public final class SharedRingClient implements AutoCloseable {
    private final SharedRingFile file;
    private final Ring ring;

    private SharedRingClient(SharedRingFile file) {
        this.file = file;
        this.ring = RingAccess.remote(file.ring(), file::close);
    }

    /** Maps the file and waits up to {@code timeoutMs} for the server to be serving. */
    public static SharedRingClient open(Path path, long timeoutMs) throws IOException {
        SharedRingFile f = SharedRingFile.open(path);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (f.state() != SharedRingFile.STATE_SERVING) {
            int state = f.state();
            if (state == SharedRingFile.STATE_STOPPED || state == SharedRingFile.STATE_FAILED
                    || System.nanoTime() > deadline) {
                f.close();
                throw new IOException(path + ": server not serving (state " + f.state() + ")");
            }
            Thread.onSpinWait();
        }
        return new SharedRingClient(f);
    }

    public Ring ring() {
        return ring;
    }

    /** The data area; SQE addresses are offsets into it. */
    public MemorySegment data() {
        return file.data();
    }

    /** True once the server stopped serving this ring (stopped, or failed because the ring was corrupt). */
    public boolean serverStopped() {
        int state = file.state();
        return state == SharedRingFile.STATE_STOPPED || state == SharedRingFile.STATE_FAILED;
    }

    @Override
    public void close() {
        ring.close();
    }
}
