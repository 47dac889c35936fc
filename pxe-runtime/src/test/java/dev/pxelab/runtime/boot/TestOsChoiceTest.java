package dev.pxelab.runtime.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A test that names no test OS gets the smallest one that honours its user-data: the tiny one,
 * unless the config needs what only the debian one honours. Nobody has to know the contract to get
 * a config installed; a config that is broken either way keeps the tiny one and its errors.
 */
class TestOsChoiceTest {

    static final Path CORPUS = Path.of("src/test/resources/test-os-contract");

    @Test
    void aConfigTheTinyTestOsHonoursGetsTheTinyOne() throws IOException {
        assertThat(choiceFor("minimal.yaml")).isEqualTo(TestOs.TINY);
        assertThat(choiceFor("every-honoured-section.yaml")).isEqualTo(TestOs.TINY);
    }

    @Test
    void theSeedPlansSampleGetsTheDebianOne() throws IOException {
        assertThat(choiceFor("seed-plan-sample.yaml")).isEqualTo(TestOs.DEBIAN);
    }

    @Test
    void eachSectionOnlyDebianHonoursIsEnoughToChooseIt() throws IOException {
        for (String section : new String[] {"apt", "debconf-selections", "keyboard", "locale", "network", "packages",
                "timezone"}) {
            assertThat(choiceFor("debian-only-" + section + ".yaml")).as(section).isEqualTo(TestOs.DEBIAN);
        }
    }

    @Test
    void aConfigNeitherHonoursKeepsTheTinyOneAndItsErrors() throws IOException {
        assertThat(choiceFor("refused-snaps.yaml")).isEqualTo(TestOs.TINY);
        assertThat(TestOs.smallestHonouring("broken.yaml", "#cloud-config\nautoinstall: [unclosed\n")).isEqualTo(TestOs.TINY);
    }

    @Test
    void anInstallerNamedAutoResolvesPerUserDataAndKeepsItsBuildFolder() throws IOException {
        TestOsInstaller auto = new TestOsInstaller(TestOs.AUTO, Path.of("/opt/testos"));

        assertThat(auto.resolvedFor("sample", Files.readString(CORPUS.resolve("seed-plan-sample.yaml"))))
                .isEqualTo(new TestOsInstaller(TestOs.DEBIAN, Path.of("/opt/testos")));
        assertThat(TestOsInstaller.of(TestOs.TINY).resolvedFor("sample",
                Files.readString(CORPUS.resolve("seed-plan-sample.yaml")))).isEqualTo(TestOsInstaller.of(TestOs.TINY));
    }

    private static TestOs choiceFor(String file) throws IOException {
        return TestOs.smallestHonouring(file, Files.readString(CORPUS.resolve(file)));
    }
}
