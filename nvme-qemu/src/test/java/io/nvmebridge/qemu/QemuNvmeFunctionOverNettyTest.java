package io.nvmebridge.qemu;

import io.nvmebridge.qemu.qtest.QtestTransport;
import org.junit.jupiter.api.Tag;

/** The same device checks with qtest carried by Netty's epoll domain socket channel. */
@Tag("qemu")
class QemuNvmeFunctionOverNettyTest extends QemuNvmeFunctionTest {
    @Override
    QtestTransport transport() {
        return QtestTransport.NETTY;
    }
}
