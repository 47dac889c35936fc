package dev.pxelab.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe a user's project gets (a resource folder of dev.pxelab:assets) is the assets module's. */
class TestOsRecipeTest {

    private static final Path ASSETS = Path.of("..", "assets");

    @TempDir
    Path cache;

    @Test
    void theRecipeOnTheClassPathIsTheAssetsModulesScriptAndSources() throws Exception {
        TestOsRecipe shipped = TestOsRecipe.onClassPath(getClass().getClassLoader());

        assertThat(shipped.files()).contains("build-testos.sh", "src/testos/initrd/init", "src/testos/ytool/ytool.c")
                .containsExactlyElementsOf(recipeFilesOf(ASSETS));
    }

    @Test
    void itIsUnpackedOnceIntoAFolderNamedByItsContentWithTheSameBytes() throws Exception {
        TestOsRecipe shipped = TestOsRecipe.onClassPath(getClass().getClassLoader());

        Path unpacked = shipped.unpackInto(cache);

        assertThat(unpacked).isEqualTo(cache.resolve("recipe").resolve(shipped.contentHash()));
        assertThat(unpacked.resolve("build-testos.sh")).hasSameBinaryContentAs(ASSETS.resolve("build-testos.sh"));
        assertThat(TestOsRecipe.in(unpacked).contentHash()).isEqualTo(shipped.contentHash());
        assertThat(shipped.unpackInto(cache)).isEqualTo(unpacked);
        try (Stream<Path> leftovers = Files.list(cache.resolve("recipe"))) {
            assertThat(leftovers).as("no half-unpacked folders").containsExactly(unpacked);
        }
    }

    /** What assets/pom.xml ships: build-testos*.sh and src/testos*&#47;**. */
    private static List<String> recipeFilesOf(Path assets) throws Exception {
        try (Stream<Path> walk = Files.walk(assets)) {
            return walk.filter(Files::isRegularFile).map(p -> assets.relativize(p).toString())
                    .filter(p -> p.matches("build-testos[^/]*\\.sh") || p.matches("src/testos[^/]*/.*"))
                    .sorted().toList();
        }
    }
}
