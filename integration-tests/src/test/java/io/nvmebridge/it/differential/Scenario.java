package io.nvmebridge.it.differential;

/**
 * One named script of the differential suite, run on a freshly reset controller of each device.
 *
 * @param group  what part of the interface it exercises (admin, identify, features, log, io, prp, registers)
 * @param name   unique name, used by {@link KnownDifferences}
 * @param script the commands
 */
record Scenario(String group, String name, Script script) {

    @FunctionalInterface
    interface Script {
        void run(Ctx ctx);
    }

    String id() {
        return group + "/" + name;
    }

    @Override
    public String toString() {
        return id();
    }
}
