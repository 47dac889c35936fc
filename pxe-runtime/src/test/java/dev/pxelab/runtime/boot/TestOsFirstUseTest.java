package dev.pxelab.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building on first use, with stand-in recipes: the real one is proven by every lab that boots the
 * test OS without pxelab.testos.dir (the external project of tools/getting-started-check).
 */
class TestOsFirstUseTest {

    private static final TestOsHostTools HOST_HAS_EVERYTHING = new TestOsHostTools(tool -> true, file -> true);

    @TempDir
    Path dir;

    private final List<String> progress = new CopyOnWriteArrayList<>();

    @Test
    void theRecipeRunsWithTheFlavourAndAnOutputFolderOfThisJvmOnceAndItsStepsAreShown() throws Exception {
        Path recipe = recipe("""
                echo "build-testos: step one" >&2
                echo "noise" >&2
                echo run >> "%s"
                mkdir -p "$5/$4" && touch "$5/$4/vmlinuz" "$5/$4/installer.initrd" "$5/$4/tiny-rootfs.tar"
                echo "$2" > "$5/flavour"
                """.formatted(dir.resolve("runs")));
        TestOsFirstUse firstUse = new TestOsFirstUse(dir.resolve("cache"), () -> TestOsRecipe.in(recipe),
                HOST_HAS_EVERYTHING, progress::add);

        Path built = firstUse.build(TestOs.TINY);

        assertThat(built).startsWith(dir.resolve("cache/labs/" + ProcessHandle.current().pid()));
        assertThat(built.resolve("flavour")).hasContent("tiny");
        assertThat(progress).anyMatch(line -> line.contains("test OS 'tiny': building with"))
                .contains("build-testos: step one").doesNotContain("noise")
                .anyMatch(line -> line.startsWith("test OS 'tiny': ready in"));
        assertThat(firstUse.build(TestOs.TINY)).isEqualTo(built);
        assertThat(Files.readAllLines(dir.resolve("runs"))).as("built once per JVM").hasSize(1);
    }

    @Test
    void eachArchitectureIsBuiltOnceIntoTheSameFolderSoOneLabServesBoth() throws Exception {
        Path recipe = recipe("""
                echo "$4" >> "%s"
                mkdir -p "$5/$4" && touch "$5/$4/vmlinuz" "$5/$4/installer.initrd" "$5/$4/tiny-rootfs.tar"
                """.formatted(dir.resolve("runs")));
        TestOsFirstUse firstUse = new TestOsFirstUse(dir.resolve("cache"), () -> TestOsRecipe.in(recipe),
                HOST_HAS_EVERYTHING, progress::add);

        Path x86 = firstUse.build(TestOs.TINY, Architecture.X86_64);
        Path arm = firstUse.build(TestOs.TINY, Architecture.AARCH64);
        firstUse.build(TestOs.TINY, Architecture.AARCH64);

        assertThat(arm).isEqualTo(x86);
        assertThat(arm.resolve("aarch64/tiny-rootfs.tar")).exists();
        assertThat(arm.resolve("x86_64/tiny-rootfs.tar")).exists();
        assertThat(Files.readAllLines(dir.resolve("runs"))).containsExactly("x86_64", "aarch64");
        assertThat(progress).anyMatch(line -> line.startsWith("test OS 'tiny' for aarch64: ready in"));
    }

    @Test
    void tinyAfterDebianIsAlreadyThereAndIsNotRelinkedFromUnderTheDebianImage() throws Exception {
        Path recipe = recipe("""
                echo "$2 $4" >> "%s"
                mkdir -p "$5/$4" && touch "$5/$4/vmlinuz" "$5/$4/installer.initrd" "$5/$4/tiny-rootfs.tar"
                [ "$2" = debian ] && touch "$5/$4/debian-rootfs.tar"
                exit 0
                """.formatted(dir.resolve("runs")));
        TestOsFirstUse firstUse = new TestOsFirstUse(dir.resolve("cache"), () -> TestOsRecipe.in(recipe),
                HOST_HAS_EVERYTHING, progress::add);

        firstUse.build(TestOs.DEBIAN, Architecture.X86_64);
        firstUse.build(TestOs.TINY, Architecture.X86_64);
        firstUse.build(TestOs.TINY, Architecture.AARCH64);

        assertThat(Files.readAllLines(dir.resolve("runs"))).containsExactly("debian x86_64", "tiny aarch64");
    }

    @Test
    void aHostWithoutTheCrossCompilerIsToldWhichPackagesBuildForAarch64() {
        TestOsFirstUse firstUse = new TestOsFirstUse(dir.resolve("cache"), () -> {
            throw new AssertionError("the recipe must not be needed");
        }, new TestOsHostTools(tool -> !tool.startsWith("aarch64-linux-gnu-"), file -> true), progress::add);

        assertThatThrownBy(() -> firstUse.build(TestOs.TINY, Architecture.AARCH64))
                .hasMessageContaining("cannot build its test OS for aarch64")
                .hasMessageContaining("gcc-aarch64-linux-gnu")
                .hasMessageContaining("binutils-aarch64-linux-gnu");
    }

    @Test
    void aFailingRecipeIsReportedWithItsExitStatusAndLastLines() throws Exception {
        Path recipe = recipe("echo 'build-testos: ERROR: apt does not know linux-image-cloud-amd64' >&2; exit 1\n");
        TestOsFirstUse firstUse = new TestOsFirstUse(dir.resolve("cache"), () -> TestOsRecipe.in(recipe),
                HOST_HAS_EVERYTHING, progress::add);

        assertThatThrownBy(() -> firstUse.build(TestOs.TINY))
                .hasMessageContaining("building pxelab's test OS (tiny, x86_64) failed")
                .hasMessageContaining("exited 1")
                .hasMessageContaining("apt does not know linux-image-cloud-amd64");
    }

    @Test
    void aDownloadThatFailsInATestJvmSaysToBuildBeforeTheTests() throws Exception {
        Path recipe = recipe("echo 'build-testos: ERROR: apt-get download failed' >&2; exit 1\n");
        TestOsFirstUse firstUse = new TestOsFirstUse(dir.resolve("cache"), () -> TestOsRecipe.in(recipe),
                HOST_HAS_EVERYTHING, progress::add);

        assertThatThrownBy(() -> firstUse.build(TestOs.TINY))
                .hasMessageContaining("network namespace without a way out")
                .hasMessageContaining("pxelab-maven-plugin's prepare goal builds it before the tests");
    }

    @Test
    void aRecipeThatBuildsNothingIsAnErrorNotALabWithoutKernel() throws Exception {
        Path recipe = recipe("true\n");
        TestOsFirstUse firstUse = new TestOsFirstUse(dir.resolve("cache"), () -> TestOsRecipe.in(recipe),
                HOST_HAS_EVERYTHING, progress::add);

        assertThatThrownBy(() -> firstUse.build(TestOs.DEBIAN)).hasMessageContaining("without x86_64/debian-rootfs.tar");
    }

    @Test
    void aHostThatCannotBuildIsToldBeforeTheRecipeRuns() throws Exception {
        TestOsFirstUse firstUse = new TestOsFirstUse(dir.resolve("cache"), () -> {
            throw new AssertionError("the recipe must not be needed");
        }, new TestOsHostTools(tool -> false, file -> false), progress::add);

        assertThatThrownBy(() -> firstUse.build(TestOs.TINY)).hasMessageContaining("this host has no apt-cache");
    }

    private Path recipe(String body) throws Exception {
        Path recipe = Files.createDirectories(dir.resolve("recipe"));
        Files.writeString(recipe.resolve(TestOsRecipe.SCRIPT), "#!/bin/sh\n" + body);
        return recipe;
    }
}
