package io.nvmebridge.tool.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.nvmebridge.driver.AdminCommand;
import io.nvmebridge.driver.AdminCompletion;
import io.nvmebridge.spec.admin.FeatureId;
import io.nvmebridge.tool.format.NvmeCliJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** nvme-cli's {@code get-feature}: Get Features for one feature identifier. */
@Command(name = "get-feature", description = "Read a feature's value.", mixinStandardHelpOptions = true)
public final class GetFeatureCommand extends DeviceCommand {

    @Option(names = {"-f", "--feature-id"}, required = true, converter = UnsignedConverter.class,
            description = "Feature identifier (e.g. 7 = Number of Queues).")
    int fid;

    @Option(names = {"-s", "--sel"}, defaultValue = "0",
            description = "0 current, 1 default, 2 saved, 3 supported capabilities.")
    int sel;

    @Option(names = {"-n", "--namespace-id"}, defaultValue = "0", converter = UnsignedConverter.class,
            description = "Namespace, for namespace-specific features.")
    int nsid;

    @Option(names = "--cdw11", defaultValue = "0", converter = UnsignedConverter.class, description = "Command dword 11.")
    int cdw11;

    /** {@code get-feature -o json}: the feature, which value was asked for, and Dword 0 of the completion. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record FeatureValue(int featureId, String name, int sel, long value) {
    }

    @Override
    protected void validate() {
        if (fid < 0 || fid > 0xFF) {
            throw new UsageException("--feature-id must be 0..255, not " + fid);
        }
        if (sel < 0 || sel > 3) {
            throw new UsageException("--sel must be 0..3, not " + sel);
        }
    }

    @Override
    protected int run(DeviceSession session) {
        AdminCompletion c = session.controller().admin()
                .execute(AdminCommand.getFeatures(fid, sel, cdw11).withNsid(nsid), null);
        if (!c.isSuccess()) {
            throw new ReadWriteCommand.DeviceStatusException("get-feature", c.status());
        }
        String[] sels = {"Current", "Default", "Saved", "Supported capabilities"};
        if (json()) {
            out.println(NvmeCliJson.write(new FeatureValue(fid, FeatureId.name(fid), sel, Integer.toUnsignedLong(c.dw0()))));
        } else {
            out.printf("get-feature:%#04x (%s), %s value:%#010x%n", fid, FeatureId.name(fid), sels[sel], c.dw0());
        }
        return 0;
    }
}
