package dev.pxelab.runtime.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder apt reads as {@code deb [trusted=yes] <parent url>/ repo/}, from .debs built here with dpkg-deb. */
class FlatRepositoryTest {

    @TempDir Path dir;

    @Test
    void theDebsAreHardLinkedIntoTheCacheAndIndexedInPackagesPackagesGzAndRelease() throws Exception {
        Path archives = Files.createDirectories(dir.resolve("cache/amd64"));
        DebFile hello = deb(archives, "pxelab-hello", "1:1.0-1", "amd64");
        DebFile data = deb(archives, "pxelab-data", "2.0", "all");
        Path repo = dir.resolve("repo");

        FlatRepository.write(repo, archives, List.of(hello, data));

        assertThat(Files.isSameFile(repo.resolve("pxelab-hello_1%3a1.0-1_amd64.deb"),
                archives.resolve("pxelab-hello_1%3a1.0-1_amd64.deb"))).isTrue();
        String packages = Files.readString(repo.resolve("Packages"));
        assertThat(packages).contains("Package: pxelab-hello\nVersion: 1:1.0-1\nArchitecture: amd64\n",
                "Filename: repo/pxelab-hello_1%3a1.0-1_amd64.deb\n", "Package: pxelab-data\n", "SHA256: ")
                .doesNotContain("dpkg-scanpackages");
        try (InputStream gz = new GZIPInputStream(Files.newInputStream(repo.resolve("Packages.gz")))) {
            assertThat(new String(gz.readAllBytes())).isEqualTo(packages);
        }
        assertThat(Files.readString(repo.resolve("Release"))).contains(
                " " + sha256(repo.resolve("Packages")) + " " + Files.size(repo.resolve("Packages")) + " Packages\n",
                " " + sha256(repo.resolve("Packages.gz")) + " " + Files.size(repo.resolve("Packages.gz")) + " Packages.gz\n");
    }

    @Test
    void writingAgainReplacesWhatTheEarlierRequestLeft() throws Exception {
        Path archives = Files.createDirectories(dir.resolve("cache/amd64"));
        DebFile hello = deb(archives, "pxelab-hello", "1.0", "amd64");
        DebFile data = deb(archives, "pxelab-data", "2.0", "all");
        Path repo = dir.resolve("repo");
        FlatRepository.write(repo, archives, List.of(hello, data));

        FlatRepository.write(repo, archives, List.of(data));

        assertThat(repo.resolve(hello.fileName())).doesNotExist();
        assertThat(Files.readString(repo.resolve("Packages"))).contains("Package: pxelab-data\n")
                .doesNotContain("pxelab-hello");
    }

    @Test
    void noDebsIsAnEmptyIndex() throws IOException {
        FlatRepository.write(dir.resolve("repo"), Files.createDirectories(dir.resolve("cache")), List.of());

        assertThat(dir.resolve("repo/Packages")).isEmptyFile();
        assertThat(dir.resolve("repo/Release")).isRegularFile();
    }

    /** A minimal .deb, named as apt names its downloads. */
    static DebFile deb(Path archives, String name, String version, String arch) throws IOException, InterruptedException {
        Path tree = Files.createDirectories(archives.resolveSibling("build-" + name).resolve("DEBIAN"));
        Files.writeString(tree.resolve("control"), """
                Package: %s
                Version: %s
                Architecture: %s
                Maintainer: pxelab <pxelab@example.org>
                Description: test package
                """.formatted(name, version, arch));
        DebFile deb = new DebFile(name, version, arch, 0);
        HostCommand.Result build = HostCommand.run(List.of("dpkg-deb", "--root-owner-group", "--build",
                tree.getParent().toString(), archives.resolve(deb.fileName()).toString()), AptGet.RESOLVE_TIMEOUT, null);
        assertThat(build.exitCode()).as(build.output()).isZero();
        return new DebFile(name, version, arch, Files.size(archives.resolve(deb.fileName())));
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
