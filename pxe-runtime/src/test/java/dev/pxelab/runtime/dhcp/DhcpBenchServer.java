package dev.pxelab.runtime.dhcp;

import dev.pxelab.runtime.net.Ipv4;
import java.util.concurrent.CountDownLatch;

/**
 * Not a test: pxelab's DHCP server as a standalone process, for tools/bench/dhcp-perfdhcp.sh.
 * Serves a pool until killed, then prints its counters.
 *
 * <pre>args: interface serverAddress/prefix poolFirst poolLast</pre>
 */
public final class DhcpBenchServer {

    public static void main(String[] args) throws Exception {
        String[] cidr = args[1].split("/");
        DhcpServerConfig config = DhcpServerConfig.builder(args[0], Ipv4.parse(cidr[0]), Integer.parseInt(cidr[1]))
                .pool(args[2], args[3]).build();
        DhcpServer server = DhcpServer.start(config, null);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("pxelab stats " + server.stats());
            stopped.countDown();
        }));
        System.out.println("pxelab dhcp ready");
        stopped.await();
    }
}
