package dev.pxelab.runtime.provision;

import dev.pxelab.runtime.tftp.TftpFileSource;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code grub.cfg} that Debian's arm64 network GRUB reads over TFTP from its prefix
 * ({@value BootLoaders#DEBIAN_ARM64_GRUB_PREFIX}) right after it starts: it loads GRUB's HTTP
 * module and hands over to this machine's own config at {@code /<mac>/grub.cfg} on the
 * provisioner's HTTP server, so every MAC gets its own kernel, initrd and command line.
 */
final class GrubPrefixConfig {

    static final String NAME = BootLoaders.DEBIAN_ARM64_GRUB_PREFIX + "/grub.cfg";

    private GrubPrefixConfig() {
    }

    /**
     * {@code loaders} plus the config; {@code httpAuthority} is the provisioner's HTTP
     * {@code host[:port]} (Debian 12's GRUB 2.06 reads a port there only from 2.12 on: keep HTTP on 80
     * for GRUB targets).
     */
    static TftpFileSource over(TftpFileSource loaders, String httpAuthority) {
        byte[] config = text(httpAuthority).getBytes(StandardCharsets.UTF_8);
        return (name, client) -> NAME.equals(name) ? Optional.of(config.clone()) : loaders.find(name, client);
    }

    /**
     * GRUB 2.06's HTTP client gives up on the first lost segment: with several machines booting on a
     * busy host one fetch in a few failed, and GRUB then sat at its prompt. So the fetch is tried
     * again a few times before the machine is left there, saying why.
     */
    static String text(String httpAuthority) {
        return "# pxelab: hand over to this machine's own config on the provisioner's HTTP server\n"
                + "set timeout=0\n"
                + "insmod http\n"
                + "for attempt in 1 2 3 4 5; do\n"
                + "  echo \"pxelab: fetching the config for ${net_default_mac} (attempt ${attempt})\"\n"
                + "  configfile \"(http," + httpAuthority + ")/${net_default_mac}/grub.cfg\"\n"
                + "  sleep 2\n"
                + "done\n"
                + "echo \"pxelab: no config for ${net_default_mac} from http://" + httpAuthority + "/ (see the errors above)\"\n";
    }
}
