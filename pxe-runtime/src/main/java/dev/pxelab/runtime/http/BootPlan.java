package dev.pxelab.runtime.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A host's boot profile with every placeholder filled in and every asset path turned into a URL:
 * what the iPXE script and the GRUB config both say, each in its own syntax.
 */
record BootPlan(String profileName, String kernelUrl, List<String> initrdUrls, String commandLine) {

    /** @throws IllegalStateException when the profile uses a placeholder this host has no value for */
    static BootPlan of(HostBoot host, String server) {
        BootProfile profile = host.profile();
        Map<String, String> values = new HashMap<>();
        values.put("server", server);
        values.put("mac", host.mac().value());
        values.put("hostname", host.hostname());
        values.put("address", host.address());
        try {
            return new BootPlan(profile.name(),
                    url(profile.kernelTemplate().render(values), server),
                    profile.initrdTemplates().stream().map(t -> url(t.render(values), server)).toList(),
                    profile.commandLineTemplate().render(values));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot boot " + host.mac() + ": " + e.getMessage(), e);
        }
    }

    /** Absolute URLs stay; anything else is a path under the asset root, served at /assets/. */
    static String url(String location, String server) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            return location;
        }
        String path = location.startsWith("/") ? location.substring(1) : location;
        return "http://" + server + "/assets/" + encodePath(path);
    }

    // iPXE splits its command lines on spaces and GRUB has its own quoting: keep URLs plain.
    private static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "/-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
