/**
 * DHCPv4 for a lab network: {@link DhcpServer} answers the targets on one interface with their
 * static leases ({@link StaticLease}), an optional {@link AddressPool}, and the boot file each
 * kind of network-booting client needs ({@link BootFiles}), configured through
 * {@link DhcpServerConfig}. The codec and message model (RFC 2131/2132, 3396 overload and long
 * options, 4578 PXE options) are package-private.
 */
package dev.pxelab.runtime.dhcp;
