package dev.pxelab.runtime.http;

import java.util.Arrays;
import java.util.Optional;

/** The file names cloud-init's NoCloud datasource appends to its seed URL. */
enum NoCloudFile {
    USER_DATA("user-data"),
    META_DATA("meta-data"),
    VENDOR_DATA("vendor-data"),
    NETWORK_CONFIG("network-config");

    final String fileName;

    NoCloudFile(String fileName) {
        this.fileName = fileName;
    }

    static Optional<NoCloudFile> named(String name) {
        return Arrays.stream(values()).filter(f -> f.fileName.equals(name)).findFirst();
    }
}
