package io.nvmebridge.driver;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;

class ShadowDoorbellTest {

    @Test
    void shouldNeedEventWhenEventIdxIsInsideTheNewRange() {
        // the controller asked to be told once the tail passes 5; we move it from 3 to 7
        assertThat(ShadowDoorbell.needEvent(5, 7, 3)).isTrue();
        // exactly reaching event_idx + 1
        assertThat(ShadowDoorbell.needEvent(5, 6, 5)).isTrue();
    }

    @Test
    void shouldNotNeedEventWhenEventIdxWasAlreadyPassedOrNotReached() {
        // the controller is still processing up to 10: no doorbell needed moving 3 -> 7
        assertThat(ShadowDoorbell.needEvent(10, 7, 3)).isFalse();
        // event index before old: the controller already knows (it will read the shadow)
        assertThat(ShadowDoorbell.needEvent(1, 7, 3)).isFalse();
        // no movement never needs an event
        assertThat(ShadowDoorbell.needEvent(3, 3, 3)).isFalse();
    }

    @Test
    void shouldHandleSixteenBitWraparound() {
        assertThat(ShadowDoorbell.needEvent(0xFFFF, 2, 0xFFFE)).isTrue();
        assertThat(ShadowDoorbell.needEvent(0, 2, 0xFFFE)).isTrue();
        assertThat(ShadowDoorbell.needEvent(3, 2, 0xFFFE)).isFalse();
    }

    @Test
    void shouldStoreShadowValueAndConsultEventIdx() {
        MemorySegment shadow = Arena.ofAuto().allocate(4096, 4096);
        MemorySegment event = Arena.ofAuto().allocate(4096, 4096);
        event.set(ValueLayout.JAVA_INT, 8, 4);
        assertThat(ShadowDoorbell.updateAndCheckEvent(2, shadow, event, 8)).isFalse();
        assertThat(shadow.get(ValueLayout.JAVA_INT, 8)).isEqualTo(2);
        assertThat(ShadowDoorbell.updateAndCheckEvent(6, shadow, event, 8)).isTrue();
        assertThat(shadow.get(ValueLayout.JAVA_INT, 8)).isEqualTo(6);
        ShadowDoorbell.clear(shadow, event, 8);
        assertThat(shadow.get(ValueLayout.JAVA_INT, 8)).isZero();
    }
}
