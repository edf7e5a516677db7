/*
 * vmac.c - macvlan create / delete over rtnetlink (see vmac.h).
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "common/link.h"
#include "vrrpd/vmac.h"

void vmac_addr(int family, uint8_t vrid, uint8_t mac[6])
{
	mac[0] = 0x00;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = 0x00;
	mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

int vmac_create(struct nl *nl, const char *name, int lower, const uint8_t mac[6], int family)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_NEWLINK,
				      NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct nlattr *info, *data;
	struct link_info li;
	int ret;

	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)lower);
	mnl_attr_put(nlh, IFLA_ADDRESS, 6, mac);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "macvlan");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u32(nlh, IFLA_MACVLAN_MODE, MACVLAN_MODE_PRIVATE);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	if ((ret = nl_talk(nl, nlh, NULL, NULL)) < 0)
		return ret;
	if ((ret = link_get(nl, name, &li)) < 0)
		return ret;
	/* created down; before it goes up, for IPv6: every router's VMAC has
	 * the same MAC, hence the same EUI-64 link-local, so none is
	 * generated (the caller copies the lower link's) */
	nlh = nl_msg(nl, buf, RTM_NEWLINK, NLM_F_ACK);
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = li.ifindex;
	if (family == AF_INET6) {
		struct nlattr *spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
		struct nlattr *in6 = mnl_attr_nest_start(nlh, AF_INET6);

		mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE);
		mnl_attr_nest_end(nlh, in6);
		mnl_attr_nest_end(nlh, spec);
		if ((ret = nl_talk(nl, nlh, NULL, NULL)) < 0)
			goto fail;
		nlh = nl_msg(nl, buf, RTM_NEWLINK, NLM_F_ACK);
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_family = AF_UNSPEC;
		ifi->ifi_index = li.ifindex;
	}
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	if ((ret = nl_talk(nl, nlh, NULL, NULL)) < 0)
		goto fail;
	return li.ifindex;
fail:
	vmac_delete(nl, li.ifindex);
	return ret;
}

int vmac_delete(struct nl *nl, int ifindex)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_DELLINK, NLM_F_ACK);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nl_talk(nl, nlh, NULL, NULL);
}

int vmac_sysctl(const char *ifname, const char *key, int val, int *old)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname, key);
	if (old) {
		if (!(f = fopen(path, "re")))
			return -errno;
		if (fscanf(f, "%d", old) != 1)
			*old = 0;
		fclose(f);
	}
	if (!(f = fopen(path, "we")))
		return -errno;
	fprintf(f, "%d\n", val);
	if (fclose(f) != 0)
		return -errno;
	return 0;
}
