package dev.pxelab.runtime.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.boot.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab package repository with this host's real apt: Debian's mirror, a cache of our own (cold
 * at first, then warm), and apt itself reading the repository we wrote.
 *
 * <p>The image is a dpkg status file written here by hand, holding libc6 and nothing else. Not the
 * debian test OS's real status: that exists only once the test OS is built, and its contents
 * change with it. A hand-written one says exactly what the image holds, so the test can say exactly
 * what must be fetched: jq and the two libraries it needs that the image lacks, but not libc6.
 *
 * <p>A test JVM runs in a network namespace without a way out (tools/netns/bin/java). apt is
 * started in the network namespace of the Maven that launched this JVM (nsenter) when this JVM may (root); otherwise the
 * test is skipped, saying why.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageRepositoryIT {

    static final String IMAGE_WITH_ONLY_LIBC6 = """
            Package: libc6
            Status: install ok installed
            Priority: optional
            Section: libs
            Installed-Size: 12986
            Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
            Architecture: amd64
            Multi-Arch: same
            Source: glibc
            Version: 2.36-9+deb12u10
            Description: GNU C Library: Shared libraries

            """;

    @TempDir static Path work;
    static Path status;
    static PackageRepository repository;
    static List<String> launcher;

    @BeforeAll
    static void hostApt() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")), "needs a Debian or Ubuntu host");
        launcher = HostNetwork.launcher();
        status = Files.writeString(work.resolve("status"), IMAGE_WITH_ONLY_LIBC6);
        repository = new PackageRepository(new PackageCache(work.resolve("cache")), PackageHostTools.ofThisHost(), launcher);
    }

    @Test
    @Order(1)
    void jqAndTheLibrariesTheImageLacksAreFetchedIntoAFlatRepositoryWithAnIndex() throws IOException {
        PreparedPackages jq = repository.prepare(request("jq"), work.resolve("repo"));

        assertThat(jq.files()).extracting(DebFile::name).containsExactlyInAnyOrder("jq", "libjq1", "libonig5");
        assertThat(jq.warm()).as("a fresh cache downloads").isFalse();
        assertThat(jq.downloadedBytes()).isEqualTo(jq.bytes()).isPositive();
        for (DebFile deb : jq.files()) {
            assertThat(jq.directory().resolve(deb.fileName())).hasSize(deb.size());
            assertThat(Files.isSameFile(jq.directory().resolve(deb.fileName()),
                    work.resolve("cache/amd64").resolve(deb.fileName()))).as("hard link into the cache").isTrue();
        }
        String index = Files.readString(jq.directory().resolve("Packages"));
        assertThat(index).contains("Package: jq\n", "Package: libjq1\n", "Package: libonig5\n")
                .doesNotContain("Package: libc6\n")
                .contains("Filename: " + jq.directory().getFileName() + "/" + jq.files().get(0).fileName());
        assertThat(jq.directory().resolve("Packages.gz")).isRegularFile();
        assertThat(jq.directory().resolve("Release")).content().contains(" Packages\n", " Packages.gz\n");
    }

    @Test
    @Order(2)
    void theSecondRunIsWarmNeedsNoNetworkAndAptAgreesThatThereIsNothingToGet() {
        // apt started right here, in this JVM's network namespace: under Failsafe it leads nowhere
        PackageRepository offline = new PackageRepository(new PackageCache(work.resolve("cache")),
                PackageHostTools.ofThisHost(), List.of());

        PreparedPackages again = offline.prepare(request("jq"), work.resolve("repo-again"));

        assertThat(again.warm()).isTrue();
        assertThat(again.files()).extracting(DebFile::name).containsExactlyInAnyOrder("jq", "libjq1", "libonig5");
        PackageRequest jq = request("jq");
        AptGet apt = new AptGet(launcher, status, work.resolve("cache/amd64"), work.resolve("cache/amd64/apt"),
                "amd64", true);
        assertThat(apt.download(jq.names()).output()).contains("Need to get 0 B");
    }

    @Test
    @Order(3)
    void aptAcceptsTheRepositoryAsASourceAndInstallsJqFromItAlone() throws IOException {
        Path repo = repository.prepare(request("jq"), work.resolve("served")).directory();
        PrivateApt machine = new PrivateApt(work.resolve("machine"), status, launcher);
        machine.sources(PreparedPackages.aptSource("file:" + repo));

        HostCommand.Result update = machine.run("update");
        HostCommand.Result install = machine.run("--download-only", "-y", "--no-install-recommends", "install", "jq");

        assertThat(update.exitCode()).as(update.output()).isZero();
        assertThat(update.output()).doesNotContain("Err:", "W:");
        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(install.output()).contains("jq 1.6", "libjq1", "libonig5", "Download complete")
                .doesNotContain("deb.debian.org");
    }

    @Test
    @Order(4)
    void anUnknownPackageFailsNamingItAndTheNearestRealOne() {
        assertThatThrownBy(() -> repository.prepare(request("jq", "nginxx"), work.resolve("typo")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("package 'nginxx' does not exist in the Debian archive this host's apt knows (")
                .hasMessageContaining("did you mean nginx?");
    }

    @Test
    @Order(5)
    void packagesThatConflictFailWithAptsReason() {
        assertThatThrownBy(() -> repository.prepare(request("postfix", "exim4-daemon-light"), work.resolve("conflict")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apt cannot install postfix exim4-daemon-light into the image")
                .hasMessageContaining("Conflicts: ");
    }

    @Test
    @Order(6)
    void nothingRequestedIsAnEmptyRepositoryAptStillReads() throws IOException {
        PreparedPackages none = repository.prepare(request(), work.resolve("empty"));

        assertThat(none.files()).isEmpty();
        assertThat(none.directory().resolve("Packages")).isEmptyFile();
        assertThat(none.directory().resolve("Release")).isRegularFile();
    }

    @Test
    @Order(7)
    void aColdCacheWithoutNetworkFailsSayingWhatCouldNotBeDownloadedAndWhy() {
        Assumptions.assumeFalse(launcher.isEmpty(), "only a JVM without a way out can show this");
        PackageRepository offline = new PackageRepository(new PackageCache(work.resolve("cold-cache")),
                PackageHostTools.ofThisHost(), List.of());

        assertThatThrownBy(() -> offline.prepare(request("jq"), work.resolve("offline")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt could not download libonig5 libjq1 jq for [jq]")
                .hasMessageContaining("Failed to fetch")
                .hasMessageContaining("a test JVM in pxelab's network namespace has none");
    }

    static PackageRequest request(String... names) {
        return new PackageRequest(List.of(names), status, Architecture.X86_64);
    }

    /** apt-get as a lab machine would run it, but with every file of its own under {@code root}: the host's apt state stays untouched. */
    record PrivateApt(Path root, Path status, List<String> launcher) {

        void sources(String line) throws IOException {
            for (String dir : List.of("etc/sources.list.d", "etc/preferences.d", "etc/apt.conf.d", "state/lists/partial",
                    "cache/archives/partial")) {
                Files.createDirectories(root.resolve(dir));
            }
            Files.writeString(root.resolve("etc/sources.list"), line + "\n");
        }

        HostCommand.Result run(String... args) {
            List<String> command = new ArrayList<>(launcher);
            command.add("apt-get");
            for (String option : List.of("Dir::Etc=" + root.resolve("etc"),
                    "Dir::Etc::sourcelist=" + root.resolve("etc/sources.list"),
                    "Dir::Etc::sourceparts=" + root.resolve("etc/sources.list.d"),
                    "Dir::State=" + root.resolve("state"), "Dir::State::status=" + status,
                    "Dir::Cache=" + root.resolve("cache"), "Debug::NoLocking=1", "APT::Sandbox::User=root")) {
                command.add("-o");
                command.add(option);
            }
            command.addAll(List.of(args));
            return HostCommand.run(command, AptGet.RESOLVE_TIMEOUT, null);
        }
    }
}
