package dev.pxelab.runtime.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.boot.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What stops a request before apt runs: the host's tools, the image's status file, the architecture's package lists. */
class PackageRepositoryTest {

    @TempDir Path dir;

    @Test
    void aHostWithoutDpkgScanpackagesIsToldToInstallDpkgDev() {
        PackageHostTools noDpkgDev = new PackageHostTools(tool -> !tool.equals("dpkg-scanpackages"));

        assertThatThrownBy(noDpkgDev::require)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("pxelab cannot prepare the lab's package repository: this host lacks dpkg-scanpackages"
                        + " (dpkg-dev). Install with: sudo apt-get install dpkg-dev (pxelab's tools/setup does).");
    }

    @Test
    void aHostWithoutAptIsToldItNeedsDebianOrUbuntu() {
        assertThatThrownBy(new PackageHostTools(tool -> false)::require)
                .hasMessageContaining("apt-get (apt), apt-cache (apt), apt-config (apt), dpkg-scanpackages (dpkg-dev)")
                .hasMessageContaining("needs a Debian or Ubuntu host");
    }

    @Test
    void aMissingStatusFileIsNamed() {
        PackageRepository repository = new PackageRepository(new PackageCache(dir.resolve("cache")),
                new PackageHostTools(tool -> true), List.of());
        Path missing = dir.resolve("image/var/lib/dpkg/status");

        assertThatThrownBy(() -> repository.prepare(new PackageRequest(List.of("jq"), missing, Architecture.X86_64),
                dir.resolve("repo")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no dpkg status file at " + missing + ": pxelab needs the image's var/lib/dpkg/status to know"
                        + " which packages it already holds");
        assertThat(dir.resolve("repo")).doesNotExist();
    }

    @Test
    void anArchitectureTheHostHasNoListsForIsAHostSettingNotAnUnknownPackage() throws Exception {
        Path lists = Files.createDirectories(dir.resolve("lists"));
        Files.createFile(lists.resolve("deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4"));

        PackageLists.require(lists, "amd64");
        assertThatThrownBy(() -> PackageLists.require(lists, "arm64"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("this host's apt has no package lists for arm64 (no *_binary-arm64_Packages* in "
                        + lists + ")")
                .hasMessageContaining("dpkg --add-architecture arm64 && apt-get update")
                .hasMessageContaining("pxelab does not change the host's apt configuration");
    }

    @Test
    void noListsAtAllMeansAptGetUpdateWasNeverRun() throws Exception {
        assertThatThrownBy(() -> PackageLists.require(Files.createDirectories(dir.resolve("lists")), "amd64"))
                .hasMessageEndingWith("Run apt-get update.");
    }
}
