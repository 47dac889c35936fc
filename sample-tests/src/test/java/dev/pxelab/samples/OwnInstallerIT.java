package dev.pxelab.samples;

import static dev.pxelab.junit.PxeAssertions.assertThat;

import dev.pxelab.junit.PxeLab;
import dev.pxelab.junit.TargetVm;
import dev.pxelab.runtime.lab.Target;
import dev.pxelab.runtime.boot.Firmware;
import org.junit.jupiter.api.Test;

/**
 * A lab that boots an installer of the user's choosing instead of the built-in test OS: kernel,
 * initrd and command line, served from the user's asset folder, as one would set up Ubuntu's
 * netboot files. Here the "user's" installer is the test OS's own build output, so that the test
 * runs without internet; the user-data is then validated for Ubuntu's installer, and the installed
 * UEFI system is found through {@code uefiLoader}.
 */
@PxeLab(assetRoot = "../assets/target/testos",
        kernel = "x86_64/vmlinuz",
        initrds = "x86_64/installer.initrd",
        cmdline = "console=ttyS0 autoinstall ds=nocloud-net;s=http://${server}/${mac}/"
                + " testos.image=http://${server}/assets/x86_64/tiny-rootfs.tar",
        uefiLoader = "file://TESTOS-ESP/EFI/BOOT/BOOTX64.EFI")
class OwnInstallerIT {

    @TargetVm(mac = "00:16:3e:11:22:77", userData = "autoinstall/web-1.yaml", firmware = Firmware.UEFI)
    static Target web;

    @Test
    void theInstallerFromTheUsersAssetsInstalledTheMachine() {
        assertThat(web).hasHostname("web-1").hasFile("/etc/pxelab-role").withContent("web");
        assertThat(web.console()).contains("is installed, starting its boot loader file://TESTOS-ESP/");
    }
}
