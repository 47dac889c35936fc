package dev.pxelab.runtime.packages;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code apt-get} prints (in the C locale): the packages a simulated install would unpack,
 * and, when it refuses, which names it does not know and why it gave up.
 */
final class AptOutput {

    /** {@code Inst perl-base [5.36.0-7] (5.36.0-7+deb12u4 Debian:12.15/oldstable [amd64])}: the bracket after the name is an upgrade's old version. */
    private static final Pattern INST = Pattern.compile("^Inst (\\S+?)(?::\\S+)? (?:\\[[^]]*] )?\\((\\S+) .*\\[([^]]+)]\\)");
    private static final Pattern UNKNOWN = Pattern.compile("^E: Unable to locate package (\\S+)");
    private static final Pattern NO_CANDIDATE = Pattern.compile("^E: Package '([^']+)' has no installation candidate");
    private static final Pattern NOT_FOUND = Pattern.compile("^E: (?:Version|Release) '[^']*' for '([^']+)' was not found");

    private AptOutput() {
    }

    /** The .debs a simulated {@code apt-get -s install} would unpack, in apt's order; sizes are not known yet (0). */
    static List<DebFile> installs(String output) {
        List<DebFile> debs = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher inst = INST.matcher(line);
            if (inst.find()) {
                debs.add(new DebFile(inst.group(1), inst.group(2), inst.group(3), 0));
            }
        }
        return debs;
    }

    /** Names apt has no package, no candidate or not the asked-for version or release of. */
    static Set<String> unavailable(String output) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : output.split("\n")) {
            for (Pattern pattern : List.of(UNKNOWN, NO_CANDIDATE, NOT_FOUND)) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** Only those apt does not know at all: the ones a "did you mean" helps with. */
    static Set<String> unknown(String output) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : output.split("\n")) {
            Matcher m = UNKNOWN.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * apt's own reasons: its error lines, and the blocks that explain them (unmet dependencies with
     * what each conflicts with, the providers of a virtual package), without the boilerplate around.
     */
    static String reasons(String output) {
        List<String> kept = new ArrayList<>();
        boolean inBlock = false;
        for (String line : output.split("\n")) {
            if (line.startsWith("The following packages have unmet dependencies:")
                    || line.matches("^Package \\S+ is a virtual package provided by:$")
                    || line.startsWith("However the following packages replace it:")) {
                inBlock = true;
                kept.add(line);
            } else if (inBlock && line.startsWith(" ")) {
                kept.add(line);
            } else {
                inBlock = false;
                if (line.startsWith("E: ")) {
                    kept.add(line);
                }
            }
        }
        return String.join("\n", kept);
    }
}
