package dev.pxelab.runtime.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.boot.BootProfile;
import dev.pxelab.runtime.boot.Firmware;
import dev.pxelab.runtime.net.MacAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NoCloud documents as cloud-init fetches them from {@code s=http://<server>/<mac>/}: the host's
 * own document wins, else the lab's generic one, and meta-data is generated when neither exists.
 */
class NoCloudTest {

    static final MacAddress WEB = MacAddress.of("52:54:00:ab:cd:01");
    static final MacAddress DB = MacAddress.of("52:54:00:ab:cd:02");
    static final BootProfile PROFILE = new BootProfile("tiny", "vmlinuz", List.of("initrd"), "autoinstall");

    static final String GENERIC_USER_DATA = "#cloud-config\nautoinstall:\n  version: 1\n  identity: {hostname: generic}\n";
    static final String WEB_USER_DATA = "#cloud-config\nautoinstall:\n  version: 1\n  identity: {hostname: web-1}\n";

    @TempDir static Path work;
    static RunningServer http;

    @BeforeAll
    static void start() {
        http = new RunningServer(work, null);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @BeforeEach
    void lab() {
        http.lab.hosts.clear();
        http.lab.generic = new NoCloudData(GENERIC_USER_DATA.getBytes(UTF_8), null, null, null);
        http.lab.put(host(WEB, "web-1", 1, new NoCloudData(WEB_USER_DATA.getBytes(UTF_8), null, null, null)));
        http.lab.put(host(DB, "db-1", 1, null));
    }

    static HostBoot host(MacAddress mac, String hostname, int generation, NoCloudData data) {
        return new HostBoot(mac, hostname, null, false, generation, Firmware.BIOS, PROFILE, data);
    }

    @Test
    void aHostsOwnUserDataWinsOverTheLabsGenericOne() throws Exception {
        Curl.Response userData = http.get("/52:54:00:ab:cd:01/user-data");

        assertThat(userData.status()).isEqualTo(200);
        assertThat(userData.text()).isEqualTo(WEB_USER_DATA);
    }

    @Test
    void aHostWithoutItsOwnUserDataGetsTheGenericOne() throws Exception {
        assertThat(http.get("/52:54:00:ab:cd:02/user-data").text()).isEqualTo(GENERIC_USER_DATA);
    }

    @Test
    void hyphensAndUpperCaseNameTheSameHost() throws Exception {
        assertThat(http.get("/52-54-00-AB-CD-01/user-data").text()).isEqualTo(WEB_USER_DATA);
        assertThat(http.get("/52:54:00:AB:CD:01/user-data").text()).isEqualTo(WEB_USER_DATA);
        assertThat(http.get("/52-54-00-ab-cd-02/user-data").text()).isEqualTo(GENERIC_USER_DATA);
    }

    @Test
    void metaDataIsGeneratedWithAStableInstanceIdAndTheHostname() throws Exception {
        String first = http.get("/52:54:00:ab:cd:02/meta-data").text();
        String again = http.get("/52-54-00-AB-CD-02/meta-data").text();

        assertThat(first).isEqualTo("instance-id: pxelab-525400abcd02-1\nlocal-hostname: \"db-1\"\n");
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aReinstallGetsANewInstanceId() throws Exception {
        http.lab.put(host(DB, "db-1", 2, null));

        assertThat(http.get("/52:54:00:ab:cd:02/meta-data").text()).startsWith("instance-id: pxelab-525400abcd02-2\n");
    }

    @Test
    void givenMetaDataIsServedAsIs() throws Exception {
        String metaData = "instance-id: web-custom\nlocal-hostname: web-one\n";
        http.lab.put(host(WEB, "web-1", 1, new NoCloudData(null, metaData.getBytes(UTF_8), null, null)));

        assertThat(http.get("/52:54:00:ab:cd:01/meta-data").text()).isEqualTo(metaData);
    }

    @Test
    void optionalDocumentsAre404WhenNeitherHostNorLabHasThem() throws Exception {
        Curl.Response vendorData = http.get("/52:54:00:ab:cd:02/vendor-data");
        Curl.Response networkConfig = http.get("/52:54:00:ab:cd:02/network-config");

        assertThat(vendorData.status()).isEqualTo(404);
        assertThat(vendorData.text()).contains("no vendor-data for 52:54:00:ab:cd:02");
        assertThat(networkConfig.status()).isEqualTo(404);
    }

    @Test
    void optionalDocumentsFallBackToTheLabsToo() throws Exception {
        String network = "version: 2\nethernets:\n  id0: {match: {name: 'e*'}, dhcp4: true}\n";
        http.lab.generic = new NoCloudData(null, null, "#cloud-config\n{}\n".getBytes(UTF_8), network.getBytes(UTF_8));
        String ownVendor = "#cloud-config\npackages: [nginx]\n";
        http.lab.put(host(WEB, "web-1", 1, new NoCloudData(null, null, ownVendor.getBytes(UTF_8), null)));

        assertThat(http.get("/52:54:00:ab:cd:01/vendor-data").text()).isEqualTo(ownVendor);
        assertThat(http.get("/52:54:00:ab:cd:01/network-config").text()).isEqualTo(network);
        assertThat(http.get("/52:54:00:ab:cd:02/vendor-data").text()).isEqualTo("#cloud-config\n{}\n");
    }

    @Test
    void theRootServesTheGenericDocuments() throws Exception {
        assertThat(http.get("/user-data").text()).isEqualTo(GENERIC_USER_DATA);
        assertThat(http.get("/meta-data").text()).isEqualTo("instance-id: pxelab-generic\n");
        assertThat(http.get("/vendor-data").status()).isEqualTo(404);
    }

    @Test
    void anUnknownMacGetsNoDataButAnAnswerThatSaysWhy() throws Exception {
        Curl.Response userData = http.get("/52:54:00:99:99:99/user-data");

        assertThat(userData.status()).isEqualTo(404);
        assertThat(userData.text()).isEqualTo("MAC 52:54:00:99:99:99 is not a host of this lab\n");
    }

    @Test
    void headAnswersWithTheLengthOfTheDocument() throws Exception {
        Curl.Response head = http.get("/52:54:00:ab:cd:01/user-data", "--head");

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(WEB_USER_DATA.getBytes(UTF_8).length));
        // With --head, curl writes the headers where the body would go: no document follows them.
        assertThat(head.text()).doesNotContain("#cloud-config");
    }
}
