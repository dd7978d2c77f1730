package io.nvmebridge.tool.cli;

import io.nvmebridge.driver.NamespaceInfo;

/** Looks up the namespace a verb names, with a one-line answer when it is not there. */
final class Namespaces {
    private Namespaces() {
    }

    static NamespaceInfo require(DeviceSession session, int nsid) {
        for (NamespaceInfo ns : session.controller().namespaces()) {
            if (ns.nsid() == nsid) {
                return ns;
            }
        }
        throw new UsageException("namespace " + Integer.toUnsignedString(nsid) + " is not an active namespace of "
                + session.function().description());
    }
}
