package dev.pxelab.runtime.http;

import dev.pxelab.runtime.net.MacAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A lab as the provisioner would present it: hosts by MAC and generic documents, changeable. */
final class FakeLab implements BootContent {

    final Map<MacAddress, HostBoot> hosts = new ConcurrentHashMap<>();
    volatile NoCloudData generic = NoCloudData.NONE;

    FakeLab put(HostBoot host) {
        hosts.put(host.mac(), host);
        return this;
    }

    @Override
    public Optional<HostBoot> host(MacAddress mac) {
        return Optional.ofNullable(hosts.get(mac));
    }

    @Override
    public NoCloudData generic() {
        return generic;
    }
}
