package dev.pxelab.runtime.lab;

import dev.pxelab.runtime.net.MacAddress;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a user-data's netplan configures the machine it is given to. The seed plan's sample says
 * of its {@code enp0s1} "this interface name may vary": when it does not match the machine, the
 * installed system comes up without network and a test sees only an SSH timeout. So a config
 * whose {@code ethernets} all miss the machine's NIC (by name, by name pattern, by MAC) is refused
 * before boot, naming the NIC's name and MAC.
 */
final class NicNameCheck {

    private NicNameCheck() {
    }

    /** The problem, if the {@code network} section of {@code userData} leaves the NIC {@code nic}/{@code mac} alone. */
    static Optional<String> problem(String userData, String nic, MacAddress mac) {
        Map<?, ?> ethernets = ethernets(userData);
        if (ethernets == null || ethernets.isEmpty()) {
            return Optional.empty();
        }
        List<String> missed = new ArrayList<>();
        for (Map.Entry<?, ?> entry : ethernets.entrySet()) {
            String id = String.valueOf(entry.getKey());
            Map<?, ?> settings = entry.getValue() instanceof Map<?, ?> m ? m : Map.of();
            if (applies(id, settings, nic, mac)) {
                return Optional.empty();
            }
            missed.add(id);
        }
        return Optional.of("its network section configures " + String.join(", ", missed) + ", but this machine's NIC"
                + " will be named " + nic + " (MAC " + mac + "): the installed system would have no network. Name the"
                + " interface " + nic + ", or match it: {match: {macaddress: \"" + mac + "\"}, set-name: ...}");
    }

    private static boolean applies(String id, Map<?, ?> settings, String nic, MacAddress mac) {
        if (!(settings.get("match") instanceof Map<?, ?> match)) {
            return id.equals(nic);
        }
        Object macaddress = match.get("macaddress");
        if (macaddress != null && !(MacAddress.isMac(String.valueOf(macaddress))
                && MacAddress.of(String.valueOf(macaddress)).equals(mac))) {
            return false;
        }
        if (match.get("name") != null && !FileSystems.getDefault()
                .getPathMatcher("glob:" + match.get("name")).matches(Path.of(nic))) {
            return false;
        }
        return true; // a driver match, or no constraint this check can judge: assume it applies
    }

    private static Map<?, ?> ethernets(String userData) {
        Object network = UserDataTree.at(userData, "autoinstall", "network");
        if (UserDataTree.child(network, "network") instanceof Map<?, ?> nested) {
            network = nested;
        }
        return UserDataTree.child(network, "ethernets") instanceof Map<?, ?> ethernets ? ethernets : null;
    }
}
