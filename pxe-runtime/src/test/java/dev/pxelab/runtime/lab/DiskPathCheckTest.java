package dev.pxelab.runtime.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A layout copied from an installed system names that system's disk; a lab machine's disk is
 * /dev/vda. pxelab refuses the mismatch before boot and says what the disk is called, instead of
 * letting the install stop at partitioning.
 */
class DiskPathCheckTest {

    static String userData(String disk) {
        return "#cloud-config\nautoinstall:\n  version: 1\n  storage:\n    config:\n"
                + "      - " + disk + "\n"
                + "      - {type: partition, id: p1, device: disk0, size: -1}\n";
    }

    @Test
    void aDiskOnTheMachinesPathFits() {
        assertThat(DiskPathCheck.problem(userData("{type: disk, id: disk0, ptable: gpt, path: /dev/vda}"), "/dev/vda"))
                .isEmpty();
    }

    @Test
    void aDiskOnAnotherPathIsRefusedNamingTheMachinesDisk() {
        assertThat(DiskPathCheck.problem(userData("{type: disk, id: disk-sda, ptable: gpt, path: /dev/sda}"), "/dev/vda"))
                .hasValueSatisfying(problem -> assertThat(problem).contains("disk 'disk-sda' on /dev/sda",
                        "this machine's disk is /dev/vda", "match: {size: largest}"));
    }

    @Test
    void aDiskFoundByMatchOrAGuidedLayoutHasNothingToCheck() {
        assertThat(DiskPathCheck.problem(userData("{type: disk, id: disk0, ptable: gpt, match: {size: largest}}"),
                "/dev/vda")).isEmpty();
        assertThat(DiskPathCheck.problem("#cloud-config\nautoinstall:\n  version: 1\n  storage:\n    layout:\n"
                + "      name: lvm\n", "/dev/vda")).isEmpty();
    }

    @Test
    void aLabWhoseConfigNamesAnotherDiskBootsNothing() {
        String copied = """
                #cloud-config
                autoinstall:
                  version: 1
                  identity: {hostname: web-1, username: ops, password: "$6$pxelabtests$ahVeA9jLbJ8VTuo7G3NhtfmOLFDPR7Cl.Sol.6HuFxjDyUAUklxwJEqx.8JXPTWLCi2t5P7ZqIVXA1JXS7wEy."}
                  storage:
                    config:
                    - {type: disk, id: disk-sda, ptable: gpt, path: /dev/sda}
                    - {type: partition, id: p1, device: disk-sda, size: -1}
                    - {type: format, id: f1, volume: p1, fstype: ext4}
                    - {type: mount, id: m1, device: f1, path: /}
                """;
        LabDefinition lab = LabDefinition.builder().name("disks")
                .target(TargetDefinition.builder("52:54:00:00:00:31").userData(Document.inline("copied.yaml", copied))
                        .build())
                .build();

        assertThatThrownBy(() -> DefinitionCheck.check(lab)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing was booted", "52:54:00:00:00:31", "copied.yaml",
                        "disk 'disk-sda' on /dev/sda", "this machine's disk is /dev/vda");
    }
}
