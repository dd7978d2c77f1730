package io.nvmebridge.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvmebridge.bridge.abi.IoUring;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IOSQE_IO_DRAIN on a member of a link chain, as Linux does it: the whole chain waits for everything
 * submitted before it (the drain moves to the chain's head), and the chain is not cut at the member.
 * Found by {@link BadSqeProperties}: a drained sentinel linked behind a chain overtook earlier requests.
 */
class DrainInChainTest {
    private NvmeBridge bridge;
    private Ring ring;
    private MemorySegment buf;

    @BeforeEach
    void open() {
        bridge = EmulatorFixture.openBridge();
        ring = bridge.openRing(RingOptions.defaults().withEntries(16).withData(DataPath.FIXED));
        buf = ring.allocateBuffer(64 << 10).segment();
    }

    @AfterEach
    void close() {
        ring.close();
        bridge.close();
    }

    private List<long[]> reap(int n) {
        List<long[]> cqes = new ArrayList<>();
        while (cqes.size() < n) {
            ring.waitCqes(1);
            ring.forEachCqe((ud, res, fl, b) -> cqes.add(new long[] {ud, res}));
        }
        return cqes;
    }

    @Test
    void shouldStartAChainWithADrainedMemberOnlyAfterEverythingBeforeIt() {
        ring.prepWrite(EmulatorFixture.RAM_NS, buf, 0, 1);   // in flight on the NVMe queue
        ring.submit();
        ring.prepNop(2);
        ring.setLastFlags(IoUring.IOSQE_IO_LINK);
        ring.prepNop(3);
        ring.setLastFlags(IoUring.IOSQE_IO_DRAIN);           // a member asks for drain
        ring.submit();
        List<long[]> cqes = reap(3);
        assertThat(cqes.stream().map(e -> e[0]).toList()).containsExactly(1L, 2L, 3L);
        assertThat(cqes.get(0)[1]).isEqualTo(64 << 10);
    }

    @Test
    void shouldNotCutAChainAtADrainedMember() {
        ring.prepRead(EmulatorFixture.RAM_NS + 40, buf, 0, 1);  // no such namespace: fails
        ring.setLastFlags(IoUring.IOSQE_IO_LINK);
        ring.prepNop(2);
        ring.setLastFlags(IoUring.IOSQE_IO_LINK | IoUring.IOSQE_IO_DRAIN);
        ring.prepWrite(EmulatorFixture.RAM_NS, buf, 0, 3);       // still in the chain: cancelled
        ring.submit();
        List<long[]> cqes = reap(3);
        assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(1, -BridgeErrno.EBADF));
        assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(2, -BridgeErrno.ECANCELED));
        assertThat(cqes).anySatisfy(e -> assertThat(e).containsExactly(3, -BridgeErrno.ECANCELED));
    }
}
