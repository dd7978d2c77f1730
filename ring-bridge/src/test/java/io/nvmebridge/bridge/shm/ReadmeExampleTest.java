package io.nvmebridge.bridge.shm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's example client is the one the tests compile and run. */
class ReadmeExampleTest {

    @Test
    void shouldShowTheTestedClientVerbatimInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("README-shm.md"));
        String client = Files.readString(Path.of("src/test/c/client.c"));
        int start = readme.indexOf("```c\n") + 5;
        int end = readme.indexOf("```", start);
        assertThat(readme.substring(start, end)).isEqualTo(client);
    }
}
