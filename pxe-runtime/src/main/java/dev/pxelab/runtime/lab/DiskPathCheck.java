package dev.pxelab.runtime.lab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a curtin action list's disk is the machine's disk. Layouts copied from an installed
 * system name its disk ({@code path: /dev/sda}); a lab machine's disk is virtio ({@code /dev/vda}),
 * and the install would stop at partitioning. So a disk action whose path the machine does not
 * have is refused before boot, naming the machine's disk and the way round it ({@code match}).
 */
final class DiskPathCheck {

    private DiskPathCheck() {
    }

    /** The problem, if a disk action of {@code userData} names a path other than {@code diskPath}. */
    static Optional<String> problem(String userData, String diskPath) {
        for (Object action : actions(userData)) {
            if (action instanceof Map<?, ?> map && "disk".equals(map.get("type")) && map.get("path") != null
                    && !diskPath.equals(String.valueOf(map.get("path")))) {
                return Optional.of("its storage config puts disk '" + map.get("id") + "' on " + map.get("path")
                        + ", but this machine's disk is " + diskPath + ": the install would find no such disk. Write"
                        + " path: " + diskPath + ", or find the disk by size: match: {size: largest}");
            }
        }
        return Optional.empty();
    }

    private static List<?> actions(String userData) {
        return UserDataTree.at(userData, "autoinstall", "storage", "config") instanceof List<?> list ? list : List.of();
    }
}
