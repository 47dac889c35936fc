package dev.pxelab.runtime.autoinstall;

import java.util.Locale;

/**
 * The variant of the source an install uses, as far as the file tells: subiquity's source
 * catalog gives each source id a variant (server, desktop, core), and only a server install
 * requires an identity. The catalog lives on the install medium; pxelab goes by the ids Ubuntu's
 * media use (ubuntu-server, ubuntu-server-minimal, ubuntu-desktop..., ubuntu-core...). Without an
 * id the installer takes the medium's default source, which on a server medium is a server one.
 */
enum SourceVariant {
    SERVER, DESKTOP, CORE;

    static SourceVariant of(String sourceId) {
        if (sourceId == null) {
            return SERVER;
        }
        String id = sourceId.toLowerCase(Locale.ROOT);
        if (id.contains("desktop")) {
            return DESKTOP;
        }
        return id.contains("core") ? CORE : SERVER;
    }

    boolean isServer() {
        return this == SERVER;
    }
}
