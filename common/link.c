#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "common/link.h"

struct link_attrs {
	struct link_info *li;
};

static int linkinfo_attr(const struct nlattr *a, void *data)
{
	struct link_info *li = data;

	if (mnl_attr_get_type(a) == IFLA_INFO_KIND &&
	    mnl_attr_validate(a, MNL_TYPE_STRING) >= 0) {
		strncpy(li->kind, mnl_attr_get_str(a), sizeof(li->kind) - 1);
		li->kind[sizeof(li->kind) - 1] = '\0';
	}
	return MNL_CB_OK;
}

static int link_attr(const struct nlattr *a, void *data)
{
	struct link_info *li = data;
	uint16_t len = mnl_attr_get_payload_len(a);

	switch (mnl_attr_get_type(a)) {
	case IFLA_IFNAME:
		if (mnl_attr_validate(a, MNL_TYPE_STRING) >= 0) {
			strncpy(li->name, mnl_attr_get_str(a), sizeof(li->name) - 1);
			li->name[sizeof(li->name) - 1] = '\0';
		}
		break;
	case IFLA_ADDRESS:
		if (len == 6) {
			memcpy(li->mac, mnl_attr_get_payload(a), 6);
			li->maclen = 6;
		}
		break;
	case IFLA_MTU:
		if (mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			li->mtu = mnl_attr_get_u32(a);
		break;
	case IFLA_OPERSTATE:
		if (mnl_attr_validate(a, MNL_TYPE_U8) >= 0)
			li->operstate = mnl_attr_get_u8(a);
		break;
	case IFLA_LINK:
		if (mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			li->link_ifindex = (int)mnl_attr_get_u32(a);
		break;
	case IFLA_LINKINFO:
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) >= 0)
			mnl_attr_parse_nested(a, linkinfo_attr, li);
		break;
	default:
		break;		/* unknown attributes are skipped, never an error */
	}
	return MNL_CB_OK;
}

int link_parse(const struct nlmsghdr *nlh, struct link_info *out)
{
	const struct ifinfomsg *ifi;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
		return -EINVAL;
	ifi = mnl_nlmsg_get_payload(nlh);
	memset(out, 0, sizeof(*out));
	out->ifindex = ifi->ifi_index;
	out->flags = ifi->ifi_flags;
	mnl_attr_parse(nlh, sizeof(*ifi), link_attr, out);
	return 0;
}

static int get_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	return link_parse(nlh, data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int link_request(struct nl *nl, const char *name, int ifindex,
			struct link_info *out)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	int ret;

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (name) {
		if (!*name || strlen(name) >= IF_NAMESIZE)
			return -ENODEV;
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	}
	memset(out, 0, sizeof(*out));
	out->ifindex = -1;
	ret = nl_talk(nl, nlh, get_cb, out);
	if (ret < 0)
		return ret;
	return out->ifindex > 0 ? 0 : -ENODEV;
}

int link_get(struct nl *nl, const char *name, struct link_info *out)
{
	return link_request(nl, name, 0, out);
}

int link_get_index(struct nl *nl, int ifindex, struct link_info *out)
{
	if (ifindex <= 0)
		return -ENODEV;
	return link_request(nl, NULL, ifindex, out);
}

struct dump_ctx {
	link_cb cb;
	void *arg;
	int ret;
};

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_ctx *c = data;
	struct link_info li;

	if (nlh->nlmsg_type != RTM_NEWLINK || c->ret)
		return MNL_CB_OK;
	if (link_parse(nlh, &li) == 0)
		c->ret = c->cb(&li, c->arg);
	return MNL_CB_OK;
}

int link_dump(struct nl *nl, link_cb cb, void *arg)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETLINK, NLM_F_DUMP);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	struct dump_ctx c = { .cb = cb, .arg = arg };
	int ret;

	ifi->ifi_family = AF_UNSPEC;
	ret = nl_talk(nl, nlh, dump_cb, &c);
	return ret < 0 ? ret : c.ret;
}
