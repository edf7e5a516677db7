#include <errno.h>
#include <linux/genetlink.h>
#include <string.h>

#include "common/genl.h"

struct nlmsghdr *genl_msg(void *buf, uint16_t family, uint8_t cmd, uint8_t version,
			  uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = 0;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static int family_attr(const struct nlattr *a, void *data)
{
	uint16_t *id = data;

	if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(a, MNL_TYPE_U16) >= 0)
		*id = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr, data);
	return MNL_CB_OK;
}

int genl_family(struct nl *nl, const char *name, uint16_t *id)
{
	char buf[256];
	struct nlmsghdr *nlh;
	uint16_t found = 0;
	int ret;

	if (strlen(name) >= GENL_NAMSIZ)
		return -EINVAL;
	memset(buf, 0, sizeof(buf));	/* libmnl leaves attribute padding as it finds it */
	nlh = genl_msg(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	nlh->nlmsg_seq = ++nl->seq;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
	ret = nl_talk(nl, nlh, family_cb, &found);
	if (ret < 0)
		return ret;
	if (!found)
		return -ENOENT;
	*id = found;
	return 0;
}
