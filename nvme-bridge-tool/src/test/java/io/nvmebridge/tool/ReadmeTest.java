package io.nvmebridge.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's claims that a test can hold it to. */
class ReadmeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void cExampleIsVerbatimFromTheTestedClient() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/shared-rings.md"));
        String client = Files.readString(ROOT.resolve("ring-bridge/src/test/c/client.c"));
        List<String> blocks = codeBlocks(page, "```c");
        assertThat(blocks).isNotEmpty();
        for (String block : blocks) {
            assertThat(client).as("the shared-ring page's C example must be a verbatim part of client.c").contains(block);
        }
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndItsPagesLeadsToAFile() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (var docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        java.util.regex.Pattern link = java.util.regex.Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)");
        for (Path page : pages) {
            var m = link.matcher(Files.readString(page));
            while (m.find()) {
                Path target = page.getParent().resolve(m.group(1)).normalize();
                assertThat(target).as("link in " + ROOT.relativize(page)).exists();
            }
        }
    }

    @Test
    void hasExactlyTheTwoSetUpCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String setup = readme.substring(readme.indexOf("## Set up on a fresh Debian machine"));
        setup = setup.substring(0, setup.indexOf("\n## ", 5));
        List<String> commands = setup.lines().filter(l -> l.startsWith("    ./")).toList();
        assertThat(commands).hasSize(2);
        assertThat(commands.get(0)).startsWith("    ./nvme-bridge ");
        assertThat(commands.get(1)).startsWith("    ./run-tests ");
        assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("exec ./run-tests");
    }

    private static List<String> codeBlocks(String text, String fence) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while ((at = text.indexOf(fence + "\n", at)) >= 0) {
            int start = at + fence.length() + 1;
            int end = text.indexOf("```", start);
            out.add(text.substring(start, end));
            at = end + 3;
        }
        return out;
    }
}
