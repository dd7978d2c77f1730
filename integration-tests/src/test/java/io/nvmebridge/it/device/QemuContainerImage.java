package io.nvmebridge.it.device;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * The local container image QEMU runs in, built by qemu-images/build-container.sh the first time a test
 * needs it (no registry: the image is assembled from the host's QEMU and loaded with docker import).
 */
public final class QemuContainerImage {
    public static final String IMAGE = "nvme-bridge/qemu:7.2";
    private static boolean checked;

    private QemuContainerImage() {
    }

    /** Returns the image name once the image exists, building it if missing (once per JVM). */
    public static synchronized String ensureBuilt() {
        if (checked) {
            return IMAGE;
        }
        if (!exists()) {
            Path script = repositoryRoot().resolve("qemu-images/build-container.sh");
            try {
                Process p = new ProcessBuilder(script.toString(), IMAGE).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException(script + " failed to build " + IMAGE);
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while building " + IMAGE, e);
            }
            if (!exists()) {
                throw new IllegalStateException(script + " ran but " + IMAGE + " is still missing");
            }
        }
        checked = true;
        return IMAGE;
    }

    private static boolean exists() {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The checkout: the first directory upwards from the working directory holding qemu-images/. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("qemu-images"))) {
                return d;
            }
        }
        throw new IllegalStateException("no qemu-images/ above " + dir);
    }
}
