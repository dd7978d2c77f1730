package io.nvmebridge.qemu.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.strings;

import io.nvmebridge.testsupport.Examples;
import org.junit.jupiter.api.Test;

class GuestSerialParserTest {

    @Test
    void shouldCollectResultLinesAndIgnoreKernelMessages() {
        GuestSerialParser p = new GuestSerialParser();
        p.line("[    1.234] nvme nvme0: 2/0/0 default/read/poll queues");
        p.line("NVB-GUEST-START kernel=6.1.0-56-amd64 cpus=2\r");
        p.line("NVB-GUEST-RESULT depth=1 ios=26175 ns=3000083690 iops=8725 p50=39950 p99=1673810\r");
        p.line("[    9.9] random: crng init doneNVB-GUEST-RESULT depth=32 ios=54078 ns=3002603940 iops=18010 p50=1069420 p99=7946100");
        assertThat(p.done()).isFalse();
        p.line("NVB-GUEST-DONE status=0");
        assertThat(p.done()).isTrue();
        assertThat(p.doneStatus()).isZero();
        assertThat(p.error()).isNull();
        assertThat(p.results()).hasSize(2);
        GuestResult r = p.results().getFirst();
        assertThat(r.depth()).isEqualTo(1);
        assertThat(r.ios()).isEqualTo(26175);
        assertThat(r.iops()).isCloseTo(26175 / 3.00008369, org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.p50Nanos()).isEqualTo(39950);
        assertThat(r.p99Nanos()).isEqualTo(1673810);
        assertThat(p.results().get(1).depth()).isEqualTo(32);
    }

    @Test
    void shouldCollectDocumentsBetweenTheirMarkers() {
        GuestSerialParser p = new GuestSerialParser();
        p.line("NVB-GUEST-START kernel=6.1.0-57-amd64 nvme-cli=nvme version 2.3 (git 2.3)\r");
        p.line("NVB-GUEST-BEGIN id-ctrl\r");
        p.line("{\r");
        p.line("  \"sn\":\"NVB-YARDSTICK       \",\r");
        p.line("  \"note\":\"NVB-GUEST-RESULT inside a document is text\"\r");
        p.line("}\r");
        p.line("NVB-GUEST-END id-ctrl status=0\r");
        p.line("[    3.1] kernel message between documents");
        p.line("NVB-GUEST-BEGIN error-log");
        p.line("{}NVB-GUEST-END error-log status=1");
        p.line("NVB-GUEST-DONE status=1");
        assertThat(p.documents()).containsOnlyKeys("id-ctrl", "error-log");
        assertThat(p.documents().get("id-ctrl"))
                .isEqualTo("{\n  \"sn\":\"NVB-YARDSTICK       \",\n  \"note\":\"NVB-GUEST-RESULT inside a document is text\"\n}");
        assertThat(p.documents().get("error-log")).isEqualTo("{}");
        assertThat(p.documentStatus("id-ctrl")).isZero();
        assertThat(p.documentStatus("error-log")).isEqualTo(1);
        assertThat(p.documentStatus("smart-log")).isEqualTo(-1);
        assertThat(p.results()).isEmpty();
        assertThat(p.doneStatus()).isEqualTo(1);
    }

    @Test
    void shouldDropADocumentTheGuestNeverEnds() {
        GuestSerialParser p = new GuestSerialParser();
        p.line("NVB-GUEST-BEGIN smart-log");
        p.line("{");
        p.line("NVB-GUEST-ERROR nvme smart-log /dev/nvme0 failed (1): oops");
        p.line("NVB-GUEST-DONE status=1");
        assertThat(p.documents()).isEmpty();
        assertThat(p.error()).isEqualTo("nvme smart-log /dev/nvme0 failed (1): oops");
        assertThat(p.done()).isTrue();
    }

    @Test
    void shouldRejectARepeatedOrMismatchedDocumentMarker() {
        GuestSerialParser p = new GuestSerialParser();
        p.line("NVB-GUEST-BEGIN id-ns");
        assertThatThrownBy(() -> p.line("NVB-GUEST-END id-ctrl status=0")).isInstanceOf(GuestBaselineException.class);
        GuestSerialParser q = new GuestSerialParser();
        q.line("NVB-GUEST-BEGIN id-ns");
        q.line("NVB-GUEST-END id-ns status=0");
        assertThatThrownBy(() -> q.line("NVB-GUEST-BEGIN id-ns")).isInstanceOf(GuestBaselineException.class);
        assertThatThrownBy(() -> new GuestSerialParser().line("NVB-GUEST-BEGIN id ctrl"))
                .isInstanceOf(GuestBaselineException.class);
    }

    @Test
    void shouldKeepTheFirstErrorTheGuestReports() {
        GuestSerialParser p = new GuestSerialParser();
        p.line("NVB-GUEST-ERROR /dev/nvme0n1: No such file or directory");
        p.line("NVB-GUEST-ERROR later");
        p.line("NVB-GUEST-DONE status=1");
        assertThat(p.error()).isEqualTo("/dev/nvme0n1: No such file or directory");
        assertThat(p.doneStatus()).isEqualTo(1);
    }

    @Test
    void shouldRejectMalformedResultLinesWithTheLineInTheMessage() {
        GuestSerialParser p = new GuestSerialParser();
        assertThatThrownBy(() -> p.line("NVB-GUEST-RESULT depth=1 ios=x ns=1 p50=1 p99=1"))
                .isInstanceOf(GuestBaselineException.class).hasMessageContaining("ios=x");
        assertThatThrownBy(() -> p.line("NVB-GUEST-RESULT depth=1 ns=1 p50=1 p99=1"))
                .isInstanceOf(GuestBaselineException.class).hasMessageContaining("no ios=");
        assertThatThrownBy(() -> p.line("NVB-GUEST-RESULT depth=0 ios=1 ns=1 p50=1 p99=1"))
                .isInstanceOf(GuestBaselineException.class).hasMessageContaining("implausible");
        assertThat(p.results()).isEmpty();
    }

    @Test
    void shouldNeverFailOtherwiseThanWithAGuestBaselineException() {
        Examples.atLeast(500).check(strings().allPossible().ofLengthBetween(0, 255), line -> {
            GuestSerialParser p = new GuestSerialParser();
            for (String candidate : new String[]{line, "NVB-GUEST-RESULT " + line, "NVB-GUEST-DONE " + line}) {
                try {
                    p.line(candidate);
                } catch (GuestBaselineException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        });
    }
}
