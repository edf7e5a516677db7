#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/addr.h"
#include "common/announce.h"
#include "vipctl/cli.h"

static const struct {
	const char *name;
	enum vip_verb verb;
	const char *usage;
} verbs[] = {
	{ "add", VERB_ADD,
	  "vipctl add ADDR[/LEN] dev IF [label L] [scope S] [nodad] [noprefixroute]\n"
	  "           [preferred_lft N|forever] [valid_lft N|forever]\n"
	  "           [--garp N] [--garp-interval MS]\n" },
	{ "del", VERB_DEL, "vipctl del ADDR[/LEN] dev IF\n" },
	{ "list", VERB_LIST, "vipctl list [dev IF] [-4|-6] [-j]\n" },
	{ "has", VERB_HAS, "vipctl has ADDR[/LEN] [dev IF]\n" },
	{ "garp", VERB_GARP, "vipctl garp ADDR dev IF [--count N] [--interval MS] [--force]\n" },
	{ "move", VERB_MOVE,
	  "vipctl move ADDR[/LEN] dev IF1 to IF2 [--garp N] [--garp-interval MS]\n" },
	{ "probe", VERB_PROBE, "vipctl probe ADDR dev IF [--timeout MS]\n" },
	{ "rs-add", VERB_RS_ADD, "vipctl rs-add ADDR[/32|/128] [dev IF] [arp IF]...   (LVS-DR real server)\n" },
	{ "rs-del", VERB_RS_DEL, "vipctl rs-del ADDR [dev IF]\n" },
};
#define NVERBS (sizeof(verbs) / sizeof(verbs[0]))

const char *cli_verb_name(enum vip_verb v)
{
	for (size_t i = 0; i < NVERBS; i++)
		if (verbs[i].verb == v)
			return verbs[i].name;
	return "";
}

const char *cli_usage(enum vip_verb v)
{
	static char all[1024];

	for (size_t i = 0; i < NVERBS; i++)
		if (verbs[i].verb == v)
			return verbs[i].usage;
	all[0] = '\0';
	strcat(all, "usage: vipctl [-v] [-j] VERB ...\n");
	for (size_t i = 0; i < NVERBS; i++)
		strncat(all, verbs[i].usage, sizeof(all) - strlen(all) - 1);
	strncat(all, "       vipctl --help | VERB --help | -V | --version\n",
		sizeof(all) - strlen(all) - 1);
	return all;
}

static int fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A whole decimal number in [min, max]. */
static int parse_num(const char *s, long min, long max, long *out)
{
	char *end;
	long n;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end || n < min || n > max)
		return -EINVAL;
	*out = n;
	return 0;
}

static int parse_lft(const char *s, uint32_t *out)
{
	long n;

	if (s && strcmp(s, "forever") == 0) {
		*out = ADDR_LFT_FOREVER;
		return 0;
	}
	if (parse_num(s, 0, 0xfffffffeL, &n) < 0)
		return -EINVAL;
	*out = (uint32_t)n;
	return 0;
}

/* which keywords each verb takes */
enum {
	K_DEV = 1 << 0, K_TO = 1 << 1, K_LABEL = 1 << 2, K_SCOPE = 1 << 3,
	K_NODAD = 1 << 4, K_LFT = 1 << 5, K_GARP = 1 << 6, K_COUNT = 1 << 7,
	K_TIMEOUT = 1 << 8, K_FORCE = 1 << 9, K_FAMILY = 1 << 10, K_ARP = 1 << 11,
};

static int verb_keys(enum vip_verb v)
{
	switch (v) {
	case VERB_ADD: return K_DEV | K_LABEL | K_SCOPE | K_NODAD | K_LFT | K_GARP;
	case VERB_DEL: return K_DEV;
	case VERB_LIST: return K_DEV | K_FAMILY;
	case VERB_HAS: return K_DEV;
	case VERB_GARP: return K_DEV | K_COUNT | K_FORCE;
	case VERB_MOVE: return K_DEV | K_TO | K_GARP;
	case VERB_PROBE: return K_DEV | K_TIMEOUT;
	case VERB_RS_ADD: return K_DEV | K_ARP;
	case VERB_RS_DEL: return K_DEV;
	default: return 0;
	}
}

static bool ifname_ok(const char *s)
{
	return s && *s && strlen(s) < 16 && !strchr(s, '/') && !strchr(s, ' ');
}

int cli_parse(int argc, char **argv, struct vip_cmd *cmd, char *err, size_t errlen)
{
	int keys = 0;
	long n;

	memset(cmd, 0, sizeof(*cmd));
	cmd->scope = -1;
	cmd->preferred_lft = ADDR_LFT_FOREVER;
	cmd->valid_lft = ADDR_LFT_FOREVER;
	cmd->family = AF_UNSPEC;
	cmd->count = -1;
	cmd->interval_ms = -1;
	cmd->timeout_ms = 1000;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		/* global flags, anywhere */
		if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
			cmd->verbose++;
			continue;
		}
		if (strcmp(a, "-j") == 0 || strcmp(a, "--json") == 0) {
			cmd->json = true;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "help") == 0) {
			cmd->help = true;
			continue;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			cmd->version = true;
			continue;
		}
		if (cmd->verb == VERB_NONE) {
			for (size_t k = 0; k < NVERBS; k++)
				if (strcmp(a, verbs[k].name) == 0)
					cmd->verb = verbs[k].verb;
			if (cmd->verb == VERB_NONE)
				return fail(err, errlen, "unknown verb '%s'", a);
			keys = verb_keys(cmd->verb);
			continue;
		}
		/* the address comes first after the verbs that take one */
		if (!cmd->has_addr && cmd->verb != VERB_LIST && a[0] != '-' &&
		    strcmp(a, "dev") != 0) {
			const char *why;
			int flags = (cmd->verb == VERB_GARP || cmd->verb == VERB_PROBE) ?
				    IPADDR_NOPREFIX : 0;

			if (ipaddr_parse(a, &cmd->addr, flags, &why) < 0)
				return fail(err, errlen, "bad address '%s': %s", a, why);
			cmd->has_addr = true;
			cmd->has_prefix = strchr(a, '/') != NULL;
			continue;
		}
#define NEED(bit, what)							\
	do {								\
		if (!(keys & (bit)))					\
			return fail(err, errlen, "'%s' is not an option of %s", a, \
				    cli_verb_name(cmd->verb));		\
		if (!val)						\
			return fail(err, errlen, "'%s' needs %s", a, what); \
		i++;							\
	} while (0)
		if (strcmp(a, "dev") == 0) {
			NEED(K_DEV, "an interface name");
			if (!ifname_ok(val))
				return fail(err, errlen, "bad interface name '%s'", val);
			cmd->dev = val;
		} else if (strcmp(a, "arp") == 0) {
			NEED(K_ARP, "an interface name");
			if (!ifname_ok(val))
				return fail(err, errlen, "bad interface name '%s'", val);
			if (cmd->n_arp == VIP_MAX_ARP_DEVS)
				return fail(err, errlen, "at most %d 'arp' interfaces", VIP_MAX_ARP_DEVS);
			cmd->arp_devs[cmd->n_arp++] = val;
		} else if (strcmp(a, "to") == 0) {
			NEED(K_TO, "an interface name");
			if (!ifname_ok(val))
				return fail(err, errlen, "bad interface name '%s'", val);
			cmd->to_dev = val;
		} else if (strcmp(a, "label") == 0) {
			NEED(K_LABEL, "a label");
			if (strlen(val) >= 16)
				return fail(err, errlen, "label '%s' is longer than 15 bytes", val);
			cmd->label = val;
		} else if (strcmp(a, "scope") == 0) {
			NEED(K_SCOPE, "a scope");
			cmd->scope = addr_scope_parse(val);
			if (cmd->scope < 0)
				return fail(err, errlen, "bad scope '%s' (global, site, link, host or 0-255)", val);
		} else if (strcmp(a, "nodad") == 0) {
			if (!(keys & K_NODAD))
				return fail(err, errlen, "'%s' is not an option of %s", a,
					    cli_verb_name(cmd->verb));
			cmd->nodad = true;
		} else if (strcmp(a, "noprefixroute") == 0) {
			if (!(keys & K_NODAD))
				return fail(err, errlen, "'%s' is not an option of %s", a,
					    cli_verb_name(cmd->verb));
			cmd->noprefixroute = true;
		} else if (strcmp(a, "preferred_lft") == 0 || strcmp(a, "valid_lft") == 0) {
			uint32_t *dst = a[0] == 'p' ? &cmd->preferred_lft : &cmd->valid_lft;

			NEED(K_LFT, "a number of seconds or 'forever'");
			if (parse_lft(val, dst) < 0)
				return fail(err, errlen, "bad %s '%s'", a, val);
		} else if (strcmp(a, "--garp") == 0 || strcmp(a, "--count") == 0) {
			NEED(strcmp(a, "--garp") == 0 ? K_GARP : K_COUNT, "a count");
			if (parse_num(val, 0, 10000, &n) < 0)
				return fail(err, errlen, "bad count '%s' (0-10000)", val);
			cmd->count = (int)n;
		} else if (strcmp(a, "--garp-interval") == 0 || strcmp(a, "--interval") == 0) {
			NEED(strcmp(a, "--interval") == 0 ? K_COUNT : K_GARP, "milliseconds");
			if (parse_num(val, 0, 60000, &n) < 0)
				return fail(err, errlen, "bad interval '%s' (0-60000 ms)", val);
			cmd->interval_ms = (int)n;
		} else if (strcmp(a, "--timeout") == 0) {
			NEED(K_TIMEOUT, "milliseconds");
			if (parse_num(val, 1, 60000, &n) < 0)
				return fail(err, errlen, "bad timeout '%s' (1-60000 ms)", val);
			cmd->timeout_ms = (int)n;
		} else if (strcmp(a, "--force") == 0) {
			if (!(keys & K_FORCE))
				return fail(err, errlen, "'%s' is not an option of %s", a,
					    cli_verb_name(cmd->verb));
			cmd->force = true;
		} else if (strcmp(a, "-4") == 0 || strcmp(a, "-6") == 0) {
			if (!(keys & K_FAMILY))
				return fail(err, errlen, "'%s' is not an option of %s", a,
					    cli_verb_name(cmd->verb));
			cmd->family = a[1] == '4' ? AF_INET : AF_INET6;
		} else {
			return fail(err, errlen, "unexpected '%s'", a);
		}
#undef NEED
	}

	if (cmd->help || cmd->version)
		return 0;
	switch (cmd->verb) {
	case VERB_NONE:
		return fail(err, errlen, "no verb given");
	case VERB_LIST:
		return 0;
	case VERB_HAS:
		break;
	case VERB_RS_ADD:
	case VERB_RS_DEL:
		/* a host address: the director owns the subnet route */
		if (cmd->has_prefix && cmd->addr.prefixlen != (cmd->addr.family == AF_INET ? 32 : 128))
			return fail(err, errlen, "%s takes a host address (/%d), not /%u",
				    cli_verb_name(cmd->verb), cmd->addr.family == AF_INET ? 32 : 128,
				    cmd->addr.prefixlen);
		cmd->nodad = true;	/* on lo, and no other host may hold it anyway */
		break;
	default:
		if (!cmd->dev && cmd->has_addr)
			return fail(err, errlen, "%s needs 'dev IF'", cli_verb_name(cmd->verb));
		break;
	}
	if (!cmd->has_addr)
		return fail(err, errlen, "%s needs an address", cli_verb_name(cmd->verb));
	if (cmd->verb == VERB_MOVE) {
		if (!cmd->to_dev)
			return fail(err, errlen, "move needs 'to IF2'");
		if (strcmp(cmd->dev, cmd->to_dev) == 0)
			return fail(err, errlen, "move: source and target interface are both %s",
				    cmd->dev);
	}
	if (cmd->label && cmd->addr.family != AF_INET)
		return fail(err, errlen, "labels exist for IPv4 addresses only");
	if (cmd->label && cmd->dev && strncmp(cmd->label, cmd->dev, strlen(cmd->dev)) != 0)
		/* the kernel refuses with EINVAL and no word why */
		return fail(err, errlen, "label '%s' must start with the interface name '%s'",
			    cmd->label, cmd->dev);
	if (cmd->valid_lft != ADDR_LFT_FOREVER && cmd->preferred_lft > cmd->valid_lft)
		return fail(err, errlen, "preferred_lft is longer than valid_lft");
	/* defaults that depend on the verb */
	if (cmd->count < 0)
		cmd->count = (cmd->verb == VERB_GARP || cmd->verb == VERB_MOVE) ?
			     ANNOUNCE_DEFAULT_COUNT : 0;
	if (cmd->interval_ms < 0)
		cmd->interval_ms = ANNOUNCE_DEFAULT_INTERVAL_MS;
	return 0;
}
