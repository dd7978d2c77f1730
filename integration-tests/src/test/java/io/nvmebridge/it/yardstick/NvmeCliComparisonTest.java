package io.nvmebridge.it.yardstick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvmebridge.it.yardstick.NvmeCliComparison.Field;
import io.nvmebridge.it.yardstick.NvmeCliComparison.Outcome;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The yardstick's comparison without QEMU: what passes, what an allowance accepts, and what fails. */
class NvmeCliComparisonTest {

    private static Map<String, Outcome> outcomes(String doc, String nvmeCli, String ours) {
        return NvmeCliComparison.compare(doc, nvmeCli, ours).stream()
                .collect(Collectors.toMap(Field::path, Field::outcome));
    }

    @Test
    void shouldAcceptEqualValuesWhateverTheNumberWidthOrLayout() {
        assertThat(outcomes("id-ctrl", "{\"vid\":6966,\"psds\":[{\"entry_lat\":16}]}",
                "{\n  \"vid\" : 6966,\n  \"psds\" : [ { \"entry_lat\" : 16 } ]\n}"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("vid", Outcome.SAME, "psds[0].entry_lat", Outcome.SAME));
    }

    @Test
    void shouldFailADifferentValueAMissingFieldAndAnUnnamedExtraField() {
        Map<String, Outcome> o = outcomes("id-ctrl", "{\"vid\":6966,\"ssvid\":6900,\"oacs\":266}",
                "{\"vid\":6967,\"oacs\":266,\"new_field\":1}");
        assertThat(o).containsEntry("vid", Outcome.DIFFERENT).containsEntry("ssvid", Outcome.MISSING)
                .containsEntry("oacs", Outcome.SAME).containsEntry("new_field", Outcome.EXTRA);
        assertThat(outcomes("id-ctrl", "{\"sn\":\"A\"}", "{\"sn\":1}")).containsEntry("sn", Outcome.DIFFERENT);
    }

    @Test
    void shouldCompareNvmeCliFormsExactlyWithNoAllowance() {
        // nvme-cli 2.3's forms: padded strings, the OUI as an integer, fguid as a UUID, u128 as a decimal string,
        // psds flags raw. Ours prints the same forms; any other form is a difference, not an allowance
        String nvmeCli = "{\"sn\":\"NVB  \",\"ieee\":5395456,\"fguid\":\"00000000-0000-0000-0000-0000000000ab\","
                + "\"tnvmcap\":\"0\",\"psds\":[{\"flags\":2}]}";
        assertThat(outcomes("id-ctrl", nvmeCli, nvmeCli)).containsOnly(Map.entry("sn", Outcome.SAME),
                Map.entry("ieee", Outcome.SAME), Map.entry("fguid", Outcome.SAME), Map.entry("tnvmcap", Outcome.SAME),
                Map.entry("psds[0].flags", Outcome.SAME));
        assertThat(outcomes("id-ctrl", nvmeCli, "{\"sn\":\"NVB\",\"ieee\":\"525400\",\"fguid\":"
                + "\"000000000000000000000000000000ab\",\"tnvmcap\":0,\"psds\":[{\"max_power_scale\":0,"
                + "\"non-operational_state\":1}]}"))
                .containsEntry("sn", Outcome.DIFFERENT).containsEntry("ieee", Outcome.DIFFERENT)
                .containsEntry("fguid", Outcome.DIFFERENT).containsEntry("tnvmcap", Outcome.DIFFERENT)
                .containsEntry("psds[0].flags", Outcome.MISSING)
                .containsEntry("psds[0].max_power_scale", Outcome.EXTRA)
                .containsEntry("psds[0].non-operational_state", Outcome.EXTRA);
        assertThat(NvmeCliDifference.values()).containsExactly(NvmeCliDifference.GUEST_READS);
    }

    @Test
    void shouldLetTheGuestsReadsExceedOursButNeverTheOtherWayRound() {
        assertThat(outcomes("smart-log", "{\"host_read_commands\":\"4\",\"data_units_read\":\"1\"}",
                "{\"host_read_commands\":\"0\",\"data_units_read\":\"1\"}"))
                .containsEntry("host_read_commands", Outcome.ALLOWED).containsEntry("data_units_read", Outcome.SAME);
        assertThat(outcomes("smart-log", "{\"host_read_commands\":\"4\"}", "{\"host_read_commands\":\"5\"}"))
                .containsEntry("host_read_commands", Outcome.DIFFERENT);
        // the same value in another form is no longer allowed: nvme-cli's form is a decimal string
        assertThat(outcomes("smart-log", "{\"host_read_commands\":\"4\"}", "{\"host_read_commands\":0}"))
                .containsEntry("host_read_commands", Outcome.DIFFERENT);
        // an allowance names its fields and its document
        assertThat(outcomes("smart-log", "{\"host_write_commands\":\"4\"}", "{\"host_write_commands\":\"0\"}"))
                .containsEntry("host_write_commands", Outcome.DIFFERENT);
        assertThat(outcomes("id-ctrl", "{\"host_read_commands\":\"4\"}", "{\"host_read_commands\":\"0\"}"))
                .containsEntry("host_read_commands", Outcome.DIFFERENT);
    }

    @Test
    void shouldRejectADocumentThatIsNotAJsonObject() {
        assertThatThrownBy(() -> NvmeCliComparison.compare("id-ctrl", "{\"vid\":", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id-ctrl from nvme-cli");
        assertThatThrownBy(() -> NvmeCliComparison.compare("id-ctrl", "{}", "[]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
    }

    @Test
    void shouldGiveEveryAllowanceAReason() {
        for (NvmeCliDifference d : NvmeCliDifference.values()) {
            assertThat(d.reason()).as(d.name()).hasSizeGreaterThan(40);
        }
        List<Field> f = NvmeCliComparison.compare("error-log", "{\"errors\":[{\"sqid\":0}]}", "{\"errors\":[]}");
        assertThat(f).singleElement().extracting(Field::outcome).isEqualTo(Outcome.MISSING);
    }
}
