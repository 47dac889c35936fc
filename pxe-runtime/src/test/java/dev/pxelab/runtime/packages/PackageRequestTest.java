package dev.pxelab.runtime.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pxelab.runtime.boot.Architecture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What may be asked for: Debian package names as autoinstall hands them to apt, nothing that apt-get would read as an option. */
class PackageRequestTest {

    static final Path STATUS = Path.of("/image/var/lib/dpkg/status");

    @Test
    void namesVersionsReleasesAndArchitectureQualifiersAreAccepted() {
        PackageRequest request = new PackageRequest(List.of("nginx", "g++", "libc6:amd64", "jq=1.6-2.1+deb12u3",
                "nginx/bookworm-backports", "libsensors5=1:3.6.0-7.1"), STATUS, Architecture.X86_64);

        assertThat(request.names()).hasSize(6);
    }

    @Test
    void anythingApt_getWouldReadAsAnOptionIsRefusedNamingIt() {
        for (String name : List.of("-oAPT::Get::Trivial-Only=1", "--reinstall", "Nginx", "a", "nginx jq", "../x")) {
            assertThatThrownBy(() -> new PackageRequest(List.of("jq", name), STATUS, Architecture.X86_64))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'" + name + "' is not a Debian package name");
        }
    }

    @Test
    void architecturesAreSpelledTheDebianWay() {
        assertThat(new PackageRequest(List.of(), STATUS, Architecture.X86_64).debianArchitecture()).isEqualTo("amd64");
        assertThat(new PackageRequest(List.of(), STATUS, Architecture.AARCH64).debianArchitecture()).isEqualTo("arm64");
    }

    @Test
    void theSourcesLineTrustsTheUnsignedFlatRepositoryAndAvoidsDotSegments() {
        assertThat(PreparedPackages.aptSource("http://10.0.0.1/packages"))
                .isEqualTo("deb [trusted=yes] http://10.0.0.1/ packages/");
        assertThat(PreparedPackages.aptSource("http://10.0.0.1/packages/"))
                .isEqualTo("deb [trusted=yes] http://10.0.0.1/ packages/");
    }
}
