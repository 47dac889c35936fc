package dev.pxelab.runtime.autoinstall;

import dev.pxelab.runtime.text.EditDistance;
import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?" for misspelt keys: the usual slip is late_commands for late-commands. */
final class Suggestions {

    private Suggestions() {
    }

    static String forKey(String key, Collection<String> known) {
        String normalised = key.toLowerCase(Locale.ROOT).replace('_', '-');
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = normalised.equals(candidate) ? 0 : EditDistance.between(normalised, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null || bestDistance > Math.max(1, Math.min(2, key.length() / 4))) {
            return null;
        }
        return "did you mean \"" + best + "\"?";
    }

    /** The known key that differs only in "-" versus "_" (cloud-init uses _, autoinstall -), or null. */
    static String otherSpelling(String key, Collection<String> known) {
        for (String candidate : new String[] {key.replace('-', '_'), key.replace('_', '-')}) {
            if (!candidate.equals(key) && known.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
