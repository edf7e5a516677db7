/* libFuzzer: the ARP and Neighbour Advertisement parsers, which read frames
 * from the wire (vipctl probe, vrrpd). */
#include <stddef.h>
#include <stdint.h>

#include "common/arp.h"
#include "common/ndisc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arp_pkt p;
	struct ndisc_na na;

	(void)arp_parse(data, size, &p);
	(void)ndisc_parse_na(data, size, &na);
	return 0;
}
