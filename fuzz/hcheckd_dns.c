/* libFuzzer harness for the DNS reply parser: the reply is checked against
 * a fixed query (www.example.test A, ID 0x1234); the harness patches the
 * input's ID and question in half the runs so that the answer section is
 * reached, not only the "not our query" paths. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hcheckd/dns_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t q[300], buf[4096];
	static int qlen;
	struct dns_reply r;
	const char *why;

	if (!qlen)
		qlen = dns_build_query(q, sizeof(q), 0x1234, "www.example.test", DNS_T_A);
	if (size < 1 || size - 1 > sizeof(buf))
		return 0;
	memcpy(buf, data + 1, size - 1);
	size--;
	if ((data[0] & 1) && size >= (size_t)qlen) {
		/* same ID and question as the query; keep the fuzzer's flags/counts */
		buf[0] = q[0];
		buf[1] = q[1];
		buf[4] = 0;
		buf[5] = 1;
		memcpy(buf + 12, q + 12, (size_t)qlen - 12);
	}
	if (dns_parse_reply(buf, size, q, (size_t)qlen, &r, &why) == 0) {
		if (r.naddrs > DNS_MAX_ADDRS || r.nmatch > r.ancount)
			__builtin_trap();
	}
	return 0;
}
