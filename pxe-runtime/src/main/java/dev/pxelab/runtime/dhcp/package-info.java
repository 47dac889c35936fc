/**
 * DHCPv4 for a lab network: {@link dev.pxelab.runtime.dhcp.DhcpServer} answers the targets on one
 * interface with their static leases ({@link dev.pxelab.runtime.dhcp.StaticLease}), an optional
 * {@link dev.pxelab.runtime.dhcp.AddressPool}, and the boot file each kind of network-booting
 * client needs ({@link dev.pxelab.runtime.dhcp.BootFiles}), configured through
 * {@link dev.pxelab.runtime.dhcp.DhcpServerConfig}. The codec and message model (RFC 2131/2132,
 * 3396 overload and long options, 4578 PXE options) are package-private.
 */
package dev.pxelab.runtime.dhcp;
