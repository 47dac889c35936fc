package dev.pxelab.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pxelab.runtime.net.MacAddress;
import org.junit.jupiter.api.Test;

/**
 * A netplan config that misses the machine's NIC would install a system without network, which a
 * test sees only as an SSH timeout; pxelab refuses it before boot and says what the NIC is called.
 */
class NicNameCheckTest {

    static final MacAddress MAC = MacAddress.of("52:54:00:00:00:11");

    static String userData(String network) {
        return "#cloud-config\nautoinstall:\n  version: 1\n  network:\n" + network.indent(4);
    }

    @Test
    void theSeedPlansInterfaceNameIsTheNameOfAPxelabMachinesNic() {
        assertThat(NicNameCheck.problem(userData("network:\n  version: 2\n  ethernets:\n    enp0s1: {dhcp4: true}\n"),
                "enp0s1", MAC)).isEmpty();
    }

    @Test
    void anotherNameIsRefusedNamingTheNicAndItsMac() {
        assertThat(NicNameCheck.problem(userData("version: 2\nethernets:\n  eth0: {dhcp4: true}\n"), "enp0s1", MAC))
                .hasValueSatisfying(problem -> assertThat(problem).contains("configures eth0",
                        "will be named enp0s1 (MAC 52:54:00:00:00:11)", "macaddress"));
    }

    @Test
    void aMatchByThisMachinesMacOrByANamePatternConfiguresIt() {
        assertThat(NicNameCheck.problem(userData("version: 2\nethernets:\n  lan:\n    match: {macaddress: \"52:54:00:00:00:11\"}\n"
                + "    set-name: lan0\n    dhcp4: true\n"), "enp0s1", MAC)).isEmpty();
        assertThat(NicNameCheck.problem(userData("version: 2\nethernets:\n  all:\n    match: {name: \"en*\"}\n    dhcp4: true\n"),
                "enp0s1", MAC)).isEmpty();
    }

    @Test
    void aMatchByAnotherMachinesMacIsRefusedUnlessAnotherEntryConfiguresThisOne() {
        String other = "version: 2\nethernets:\n  web:\n    match: {macaddress: \"52:54:00:00:00:99\"}\n    dhcp4: true\n";
        assertThat(NicNameCheck.problem(userData(other), "enp0s1", MAC)).isPresent();
        assertThat(NicNameCheck.problem(userData(other + "  enp0s1: {dhcp4: true}\n"), "enp0s1", MAC)).isEmpty();
    }

    @Test
    void configsWithoutEthernetsOrWithoutNetworkAreNotThisChecksBusiness() {
        assertThat(NicNameCheck.problem("#cloud-config\nautoinstall:\n  version: 1\n", "enp0s1", MAC)).isEmpty();
        assertThat(NicNameCheck.problem(userData("version: 2\nbonds: {}\n"), "enp0s1", MAC)).isEmpty();
        assertThat(NicNameCheck.problem("#cloud-config\nautoinstall: [unclosed\n", "enp0s1", MAC)).isEmpty();
    }
}
