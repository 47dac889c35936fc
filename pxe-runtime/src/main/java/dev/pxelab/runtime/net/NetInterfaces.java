package dev.pxelab.runtime.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The interfaces of the calling process's network namespace. Reads {@code /proc/self/net/dev},
 * not {@code /sys/class/net}: sysfs shows the namespace of whoever mounted it, which after
 * {@code unshare --net} (no new mount namespace) is still the host's.
 */
final class NetInterfaces {

    private NetInterfaces() {
    }

    static List<String> names() throws IOException {
        return names(Path.of("/proc/self/net/dev"));
    }

    static List<String> names(Path procNetDev) throws IOException {
        return Files.readAllLines(procNetDev).stream()
                .filter(line -> line.contains(":"))
                .map(line -> line.substring(0, line.indexOf(':')).strip())
                .sorted()
                .toList();
    }

    static boolean exists(String name) {
        try {
            return names().contains(name);
        } catch (IOException e) {
            return true; // let the caller's ip command find out
        }
    }
}
