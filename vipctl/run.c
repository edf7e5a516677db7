/* Running one parsed vipctl command: the privilege it needs, then its verb. */
#include <linux/capability.h>
#include <stdio.h>

#include "common/caps.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "vipctl/vipctl.h"

static int (*const ops[])(struct vipctl *) = {
	[VERB_ADD] = op_add,
	[VERB_DEL] = op_del,
	[VERB_LIST] = op_list,
	[VERB_HAS] = op_has,
	[VERB_GARP] = op_garp,
	[VERB_MOVE] = op_move,
	[VERB_PROBE] = op_probe,
	[VERB_RS_ADD] = op_rs_add,
	[VERB_RS_DEL] = op_rs_del,
};

/* the capability each verb needs, or -1 */
static int needed_cap(enum vip_verb verb)
{
	switch (verb) {
	case VERB_ADD: case VERB_DEL: case VERB_MOVE: return CAP_NET_ADMIN;
	case VERB_RS_ADD: case VERB_RS_DEL: return CAP_NET_ADMIN;
	case VERB_GARP: case VERB_PROBE: return CAP_NET_RAW;
	default: return -1;
	}
}

int vip_run(struct vipctl *v)
{
	const struct vip_cmd *c = v->cmd;
	int cap = needed_cap(c->verb);

	if (c->verb <= VERB_NONE || c->verb > VERB_RS_DEL)
		return EXIT_USAGE;
	if (cap >= 0 && !caps_have(cap)) {
		log_warnx("%s needs %s (run it as root)", cli_verb_name(c->verb), caps_name(cap));
		return EXIT_NOPERM;
	}
	v->addr_str[0] = '\0';
	if (c->has_addr)
		ipaddr_fmt(&c->addr, v->addr_str, sizeof(v->addr_str), c->has_prefix);
	return ops[c->verb](v);
}
