package dev.pxelab.runtime.boot;

import dev.pxelab.runtime.net.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A host's boot profile with every placeholder filled in and every asset path turned into a URL:
 * what the iPXE script and the GRUB config both say, each in its own syntax.
 */
public record BootPlan(String profileName, String kernelUrl, List<String> initrdUrls, String commandLine) {

    /**
     * @param hostname the host's name, or null when it has none
     * @param address the host's address as text, or null when it has none
     * @param server host[:port] of the HTTP server as the client reached it
     * @throws IllegalStateException when the profile uses a placeholder this host has no value for
     */
    public static BootPlan of(BootProfile profile, MacAddress mac, String hostname, String address, String server) {
        return of(profile, mac, hostname, address, server, null);
    }

    /**
     * @param reportKey the host's secret for its installer reports ({@code ${report-key}}), or null
     *        when its reports need none: then the placeholder renders empty
     */
    public static BootPlan of(BootProfile profile, MacAddress mac, String hostname, String address, String server,
                              String reportKey) {
        Map<String, String> values = new HashMap<>();
        values.put("report-key", reportKey == null ? "" : reportKey);
        values.put("server", server);
        values.put("mac", mac.value());
        values.put("hostname", hostname);
        values.put("address", address);
        try {
            return new BootPlan(profile.name(),
                    url(profile.kernelTemplate().render(values), server),
                    profile.initrdTemplates().stream().map(t -> url(t.render(values), server)).toList(),
                    profile.commandLineTemplate().render(values));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("cannot boot " + mac + ": " + e.getMessage(), e);
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
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
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
