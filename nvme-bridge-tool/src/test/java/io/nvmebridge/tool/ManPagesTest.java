package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The man pages in docs/man are what {@code ./nvme-bridge gen-manpage --outdir docs/man} makes of the
 * current command line, byte for byte: an option added or changed without regenerating them fails here.
 */
class ManPagesTest {
    private static final Path COMMITTED = Path.of("..", "docs", "man").toAbsolutePath().normalize();

    @TempDir
    Path fresh;

    @Test
    void theCommittedManPagesAreTheGeneratedOnes() throws IOException {
        CliTest.Run r = CliTest.run("gen-manpage", "--outdir", fresh.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> names = names(fresh);
        assertThat(names).contains("nvme-bridge.adoc", "nvme-bridge-compare.adoc", "nvme-bridge-bench.adoc");
        assertThat(names(COMMITTED)).as("regenerate: ./nvme-bridge gen-manpage --outdir docs/man").isEqualTo(names);
        for (String name : names) {
            assertThat(Files.readString(COMMITTED.resolve(name)))
                    .as(name + " is stale; regenerate: ./nvme-bridge gen-manpage --outdir docs/man")
                    .isEqualTo(Files.readString(fresh.resolve(name)));
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
