/* libFuzzer harness for the VRRP parser: the first byte picks the family,
 * the rest is an IPv4 datagram (header included) or an IPv6 VRRP message. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrpd/pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt_ip ip = { 0 };
	struct vrrp_adv a;
	struct ipaddr x;
	size_t off, len;
	unsigned i;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		if (pkt_parse_ip4(data + 1, size - 1, &ip, &off, &len, NULL) != PKT_OK)
			return 0;
		if (pkt_parse(data + 1 + off, len, &ip, true, &a, NULL) != PKT_OK)
			return 0;
	} else {
		ip.family = AF_INET6;
		ip.ttl = 255;
		ip.src.family = ip.dst.family = AF_INET6;
		ip.dst.bytes[0] = 0xff;
		if (pkt_parse(data + 1, size - 1, &ip, true, &a, NULL) != PKT_OK)
			return 0;
	}
	for (i = 0; i < a.naddr; i++)
		pkt_addr(&a, i, &x);
	return 0;
}
