package io.nvmebridge.tool.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.nvmebridge.spec.admin.Ascii;
import io.nvmebridge.spec.admin.IdentifyController;
import io.nvmebridge.spec.admin.PowerStateDescriptor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** id-ctrl's JSON from a hand-made Identify Controller structure: what nvme-cli 2.3 prints, and what it leaves out. */
class IdentifyFormatTest {
    private static final JsonMapper READER = JsonMapper.builder().build();

    @Test
    void shouldLeaveAnEmptySubnqnOutAndPrintEachPowerStatesFlagsByteRaw() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = arena.allocate(4096);
            id.set(ValueLayout.JAVA_BYTE, IdentifyController.NPSS, (byte) 1);
            // power state 1: max power scale and non-operational state both set
            id.set(ValueLayout.JAVA_BYTE, IdentifyController.psd(1) + PowerStateDescriptor.FLAGS, (byte) 3);
            JsonNode empty = READER.readTree(IdentifyFormat.idCtrlJson(id));
            assertThat(empty.has("subnqn")).as("nvme-cli prints subnqn only when there is one").isFalse();
            assertThat(empty.get("psds").get(0).get("flags").intValue()).isZero();
            assertThat(empty.get("psds").get(1).get("flags").intValue()).isEqualTo(3);
            assertThat(empty.get("sn").textValue()).as("an all-NUL sn is empty, not 20 spaces").isEmpty();

            Ascii.put(id, IdentifyController.SN, IdentifyController.SN_LENGTH, "S1");
            id.asSlice(IdentifyController.SUBNQN, 16).copyFrom(MemorySegment.ofArray("nqn.2014-08.x:y".getBytes(StandardCharsets.US_ASCII)));
            JsonNode set = READER.readTree(IdentifyFormat.idCtrlJson(id));
            assertThat(set.get("subnqn").textValue()).isEqualTo("nqn.2014-08.x:y");
            assertThat(set.get("sn").textValue()).isEqualTo("S1" + " ".repeat(IdentifyController.SN_LENGTH - 2));
        }
    }
}
