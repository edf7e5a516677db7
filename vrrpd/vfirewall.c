/*
 * vfirewall.c - the drop rules of Accept_Mode off (see vfirewall.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "common/log.h"
#include "vrrpd/vfirewall.h"

#define NFT "nft"
#define TABLE "inet vrrpd"

static bool made;

/* nft -f - with this script: 0, or -EIO */
static int nft(const char *script)
{
	FILE *p = popen(NFT " -f - 2>/dev/null", "we");
	int st;

	if (!p)
		return -errno;
	fputs(script, p);
	st = pclose(p);
	return st == 0 ? 0 : -EIO;
}

static int make_table(void)
{
	static const char script[] =
		/* a table left by a run that did not stop is replaced */
		"add table " TABLE "\n"
		"delete table " TABLE "\n"
		"table " TABLE " {\n"
		"  set vips4 { type ipv4_addr; }\n"
		"  set vips6 { type ipv6_addr; }\n"
		"  chain in {\n"
		"    type filter hook input priority -1; policy accept;\n"
		"    ip daddr @vips4 drop\n"
		"    ip6 daddr @vips6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n"
		"    ip6 daddr @vips6 drop\n"
		"  }\n"
		"  chain out {\n"
		"    type filter hook output priority -1; policy accept;\n"
		"    ip saddr @vips4 drop\n"
		"    ip6 saddr @vips6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n"
		"    ip6 saddr @vips6 drop\n"
		"  }\n"
		"}\n";
	int r;

	if (made)
		return 0;
	if ((r = nft(script)) < 0)
		return r;
	made = true;
	return 0;
}

int vfw_vip(const struct ipaddr *a, bool add)
{
	char buf[IPADDR_STRLEN], script[256];
	int r;

	if (!add && !made)
		return 0;	/* no drop set: nothing to take out */
	ipaddr_fmt(a, buf, sizeof(buf), false);
	if ((r = make_table()) < 0) {
		log_warnx("no_accept: cannot make the nftables table (%s): traffic to %s "
			  "is accepted", NFT, buf);
		return r;
	}
	snprintf(script, sizeof(script), "%s element " TABLE " %s { %s }\n",
		 add ? "add" : "delete", a->family == AF_INET ? "vips4" : "vips6", buf);
	r = nft(script);
	if (r < 0 && add)
		log_warnx("no_accept: cannot add %s to the drop set", buf);
	return r;
}

void vfw_close(void)
{
	if (made)
		nft("delete table " TABLE "\n");
	made = false;
}
