package io.nvmebridge.it.device;

import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers pull policy that never pulls: every image the tests use is built locally
 * (qemu-images/build-container.sh), and there is no registry to pull from. Also named in
 * testcontainers.properties (pull.policy) so Testcontainers' own helpers never pull either.
 */
public final class NeverPullPolicy implements ImagePullPolicy {
    @Override
    public boolean shouldPull(DockerImageName imageName) {
        return false;
    }
}
