package dev.pxelab.runtime.http;

/**
 * The four NoCloud documents cloud-init fetches from the {@code s=} URL, each as the exact bytes
 * to serve, or null where there is none. {@code user-data} and {@code meta-data} are required by
 * NoCloud; {@code vendor-data} and {@code network-config} are optional.
 *
 * <p>Arrays are held as given (not copied): the provisioner hands over bytes it does not change.
 */
public record NoCloudData(byte[] userData, byte[] metaData, byte[] vendorData, byte[] networkConfig) {

    public static final NoCloudData NONE = new NoCloudData(null, null, null, null);

    /** The document of that NoCloud name ({@code user-data}, ...), or null. */
    byte[] get(NoCloudFile file) {
        return switch (file) {
            case USER_DATA -> userData;
            case META_DATA -> metaData;
            case VENDOR_DATA -> vendorData;
            case NETWORK_CONFIG -> networkConfig;
        };
    }
}
