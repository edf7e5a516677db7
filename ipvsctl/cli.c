/* cli.c - ipvsadm's command-line grammar (see cli.h). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"
#include "ipvsctl/cli.h"
#include "ipvsctl/cli_int.h"

const char cli_usage[] =
	"usage: ipvsctl -A|-E SERVICE [-s SCHED] [-p [TIMEOUT]] [-M NETMASK] [--pe sip]\n"
	"                 [-b FLAGS] [-o]\n"
	"       ipvsctl -D SERVICE\n"
	"       ipvsctl -C\n"
	"       ipvsctl -R                 (restore from stdin, ipvsadm -S format)\n"
	"       ipvsctl -S [-n]\n"
	"       ipvsctl -a|-e SERVICE -r SERVER[:PORT] [-g|-i|-m] [-w WEIGHT] [-x UPPER]\n"
	"                 [-y LOWER] [--tun-type ipip|gue|gre] [--tun-port PORT]\n"
	"                 [--tun-nocsum|--tun-csum|--tun-remcsum]\n"
	"       ipvsctl -d SERVICE -r SERVER[:PORT]\n"
	"       ipvsctl -L|-l [SERVICE] [-n] [--stats|--rate|--thresholds|--persistent-conn|\n"
	"                 --tun-info] [--exact] [--nosort] [-j]\n"
	"       ipvsctl [-L [SERVICE]] --metrics  (Prometheus text format)\n"
	"       ipvsctl -L|-l -c|--timeout|--daemon [-n] [-j]\n"
	"       ipvsctl -Z [SERVICE]\n"
	"       ipvsctl --set TCP TCPFIN UDP\n"
	"       ipvsctl --start-daemon master|backup --mcast-interface IF [--syncid ID]\n"
	"                 [--sync-maxlen N] [--mcast-group ADDR] [--mcast-port N] [--mcast-ttl N]\n"
	"       ipvsctl --stop-daemon master|backup\n"
	"       ipvsctl apply FILE [--dry-run | -t] [--keep-others] [--force]\n"
	"                 [--hcheckd-sock PATH] [--config-id ID]\n"
	"       ipvsctl -h | -V\n"
	"SERVICE: -t|-u|--sctp-service ADDR[:PORT], or -f FWMARK [-6]\n"
	"SCHED:   rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos (default wlc)\n"
	"FLAGS:   sh-fallback,sh-port (sh), mh-fallback,mh-port (mh), flag-1..flag-3\n";


enum { ARG_NONE, ARG_REQ, ARG_OPTNUM };

struct opt {
	const char *lng;
	char shrt;
	int arg;
	enum opt_id id;
};

static const struct opt opts[] = {
	{ "add-service", 'A', ARG_NONE, O_ADD_SVC },
	{ "edit-service", 'E', ARG_NONE, O_EDIT_SVC },
	{ "delete-service", 'D', ARG_NONE, O_DEL_SVC },
	{ "clear", 'C', ARG_NONE, O_FLUSH },
	{ "restore", 'R', ARG_NONE, O_RESTORE },
	{ "save", 'S', ARG_NONE, O_SAVE },
	{ "add-server", 'a', ARG_NONE, O_ADD_DEST },
	{ "edit-server", 'e', ARG_NONE, O_EDIT_DEST },
	{ "delete-server", 'd', ARG_NONE, O_DEL_DEST },
	{ "list", 'L', ARG_NONE, O_LIST },
	{ NULL, 'l', ARG_NONE, O_LIST },
	{ "zero", 'Z', ARG_NONE, O_ZERO },
	{ "set", 0, ARG_NONE, O_SET },
	{ "start-daemon", 0, ARG_REQ, O_START_DAEMON },
	{ "stop-daemon", 0, ARG_REQ, O_STOP_DAEMON },
	{ "help", 'h', ARG_NONE, O_HELP },
	{ "version", 'V', ARG_NONE, O_VERSION },
	{ "tcp-service", 't', ARG_REQ, O_TCP },
	{ "udp-service", 'u', ARG_REQ, O_UDP },
	{ "sctp-service", 0, ARG_REQ, O_SCTP },
	{ "fwmark-service", 'f', ARG_REQ, O_FWMARK },
	{ "ipv6", '6', ARG_NONE, O_IPV6 },
	{ "scheduler", 's', ARG_REQ, O_SCHED },
	{ "pe", 0, ARG_REQ, O_PE },
	{ "persistent", 'p', ARG_OPTNUM, O_PERSIST },
	{ "netmask", 'M', ARG_REQ, O_NETMASK },
	{ "real-server", 'r', ARG_REQ, O_REAL },
	{ "gatewaying", 'g', ARG_NONE, O_GATE },
	{ "ipip", 'i', ARG_NONE, O_IPIP },
	{ "masquerading", 'm', ARG_NONE, O_MASQ },
	{ "tun-type", 0, ARG_REQ, O_TUN_TYPE },
	{ "tun-port", 0, ARG_REQ, O_TUN_PORT },
	{ "tun-nocsum", 0, ARG_NONE, O_TUN_NOCSUM },
	{ "tun-csum", 0, ARG_NONE, O_TUN_CSUM },
	{ "tun-remcsum", 0, ARG_NONE, O_TUN_REMCSUM },
	{ "weight", 'w', ARG_REQ, O_WEIGHT },
	{ "u-threshold", 'x', ARG_REQ, O_UTHRESH },
	{ "l-threshold", 'y', ARG_REQ, O_LTHRESH },
	{ "connection", 'c', ARG_NONE, O_CONN },
	{ "timeout", 0, ARG_NONE, O_TIMEOUT },
	{ "daemon", 0, ARG_NONE, O_DAEMON },
	{ "stats", 0, ARG_NONE, O_STATS },
	{ "rate", 0, ARG_NONE, O_RATE },
	{ "exact", 0, ARG_NONE, O_EXACT },
	{ "thresholds", 0, ARG_NONE, O_THRESHOLDS },
	{ "persistent-conn", 0, ARG_NONE, O_PERSISTENT_CONN },
	{ "tun-info", 0, ARG_NONE, O_TUN_INFO },
	{ "nosort", 0, ARG_NONE, O_NOSORT },
	{ "sort", 0, ARG_NONE, O_SORT },
	{ "ops", 'o', ARG_NONE, O_OPS },
	{ "numeric", 'n', ARG_NONE, O_NUMERIC },
	{ "sched-flags", 'b', ARG_REQ, O_SCHED_FLAGS },
	{ "syncid", 0, ARG_REQ, O_SYNCID },
	{ "sync-maxlen", 0, ARG_REQ, O_SYNC_MAXLEN },
	{ "mcast-interface", 0, ARG_REQ, O_MCAST_IF },
	{ "mcast-group", 0, ARG_REQ, O_MCAST_GROUP },
	{ "mcast-port", 0, ARG_REQ, O_MCAST_PORT },
	{ "mcast-ttl", 0, ARG_REQ, O_MCAST_TTL },
	{ "json", 'j', ARG_NONE, O_JSON },
	{ "metrics", 0, ARG_NONE, O_METRICS },
};

#define N_OPTS (sizeof(opts) / sizeof(opts[0]))

static const enum cli_kind kind_of[] = {
	[O_ADD_SVC] = CLI_ADD_SVC, [O_EDIT_SVC] = CLI_EDIT_SVC, [O_DEL_SVC] = CLI_DEL_SVC,
	[O_FLUSH] = CLI_FLUSH, [O_RESTORE] = CLI_RESTORE, [O_SAVE] = CLI_SAVE,
	[O_ADD_DEST] = CLI_ADD_DEST, [O_EDIT_DEST] = CLI_EDIT_DEST, [O_DEL_DEST] = CLI_DEL_DEST,
	[O_LIST] = CLI_LIST, [O_ZERO] = CLI_ZERO, [O_SET] = CLI_SET,
	[O_START_DAEMON] = CLI_START_DAEMON, [O_STOP_DAEMON] = CLI_STOP_DAEMON,
	[O_HELP] = CLI_HELP, [O_VERSION] = CLI_VERSION,
};

static const char *const kind_names[] = {
	[CLI_NONE] = "(none)", [CLI_ADD_SVC] = "-A", [CLI_EDIT_SVC] = "-E",
	[CLI_DEL_SVC] = "-D", [CLI_FLUSH] = "-C", [CLI_RESTORE] = "-R", [CLI_SAVE] = "-S",
	[CLI_ADD_DEST] = "-a", [CLI_EDIT_DEST] = "-e", [CLI_DEL_DEST] = "-d",
	[CLI_LIST] = "-L", [CLI_ZERO] = "-Z", [CLI_SET] = "--set",
	[CLI_START_DAEMON] = "--start-daemon", [CLI_STOP_DAEMON] = "--stop-daemon",
	[CLI_HELP] = "-h", [CLI_VERSION] = "-V", [CLI_APPLY] = "apply",
};

const char *cli_kind_name(enum cli_kind k)
{
	return k <= CLI_APPLY ? kind_names[k] : "?";
}

#define SVC_ID (B(O_TCP) | B(O_UDP) | B(O_SCTP) | B(O_FWMARK) | B(O_IPV6))
#define SVC_SET (B(O_SCHED) | B(O_PE) | B(O_PERSIST) | B(O_NETMASK) | B(O_SCHED_FLAGS) | \
		 B(O_OPS))
#define DEST_SET (B(O_GATE) | B(O_IPIP) | B(O_MASQ) | B(O_WEIGHT) | B(O_UTHRESH) | \
		  B(O_LTHRESH) | B(O_TUN_TYPE) | B(O_TUN_PORT) | B(O_TUN_NOCSUM) | \
		  B(O_TUN_CSUM) | B(O_TUN_REMCSUM))
#define LIST_FMT (B(O_NUMERIC) | B(O_STATS) | B(O_RATE) | B(O_EXACT) | B(O_THRESHOLDS) | \
		  B(O_PERSISTENT_CONN) | B(O_TUN_INFO) | B(O_NOSORT) | B(O_SORT) | \
		  B(O_CONN) | B(O_TIMEOUT) | B(O_DAEMON) | B(O_JSON) | B(O_METRICS))
#define DAEMON_SET (B(O_SYNCID) | B(O_SYNC_MAXLEN) | B(O_MCAST_IF) | B(O_MCAST_GROUP) | \
		    B(O_MCAST_PORT) | B(O_MCAST_TTL))

/* which options each command accepts (besides itself) */
static uint64_t allowed(enum cli_kind k)
{
	switch (k) {
	case CLI_ADD_SVC: case CLI_EDIT_SVC: return SVC_ID | SVC_SET;
	case CLI_DEL_SVC: return SVC_ID;
	case CLI_ADD_DEST: case CLI_EDIT_DEST: return SVC_ID | B(O_REAL) | DEST_SET;
	case CLI_DEL_DEST: return SVC_ID | B(O_REAL);
	case CLI_LIST: return SVC_ID | LIST_FMT;
	case CLI_SAVE: return B(O_NUMERIC) | B(O_NOSORT) | B(O_SORT);
	case CLI_ZERO: return SVC_ID;
	case CLI_START_DAEMON: return DAEMON_SET;
	default: return 0;
	}
}


int cli_fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

bool cli_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int cli_num(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!cli_all_digits(s))
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end || *out > max)
		return -EINVAL;
	return 0;
}

static const char *opt_display(const struct opt *o)
{
	static char buf[40];

	if (o->lng)
		snprintf(buf, sizeof(buf), "--%s", o->lng);
	else
		snprintf(buf, sizeof(buf), "-%c", o->shrt);
	return buf;
}

/* record one option; *kind gets the command */
static int seen(struct raw *r, enum cli_kind *kind, const struct opt *o, const char *val,
		char *err, size_t len)
{
	if (o->id <= O_VERSION) {
		if (*kind != CLI_NONE && *kind != kind_of[o->id])
			return cli_fail(err, len, "only one command at a time (%s and %s)",
				    cli_kind_name(*kind), cli_kind_name(kind_of[o->id]));
		*kind = kind_of[o->id];
	}
	if (o->id == O_TCP || o->id == O_UDP || o->id == O_SCTP || o->id == O_FWMARK) {
		if (r->n_svc++)
			return cli_fail(err, len, "more than one service given");
	} else if (o->id == O_GATE || o->id == O_IPIP || o->id == O_MASQ) {
		if (r->seen & (B(O_GATE) | B(O_IPIP) | B(O_MASQ)) & ~B(o->id))
			return cli_fail(err, len, "more than one forwarding method given");
	} else if ((o->id == O_TUN_NOCSUM || o->id == O_TUN_CSUM || o->id == O_TUN_REMCSUM) &&
		   (r->seen & (B(O_TUN_NOCSUM) | B(O_TUN_CSUM) | B(O_TUN_REMCSUM)) & ~B(o->id))) {
		return cli_fail(err, len, "more than one tunnel checksum option given");
	} else if (r->seen & B(o->id) && o->arg != ARG_NONE) {
		return cli_fail(err, len, "%s given twice", opt_display(o));
	}
	r->seen |= B(o->id);
	r->val[o->id] = val;
	return 0;
}

static const struct opt *find_long(const char *name, size_t n)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (opts[i].lng && strlen(opts[i].lng) == n && strncmp(opts[i].lng, name, n) == 0)
			return &opts[i];
	return NULL;
}

static const struct opt *find_short(char c)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (opts[i].shrt == c)
			return &opts[i];
	return NULL;
}

static int scan(int argc, char **argv, struct raw *r, enum cli_kind *kind, char *err,
		size_t len)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct opt *o;
		const char *val = NULL;
		int ret;

		if (a[0] == '-' && a[1] == '-' && a[2]) {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			o = find_long(a + 2, n);
			if (!o)
				return cli_fail(err, len, "unknown option '%s'", a);
			if (eq) {
				if (o->arg == ARG_NONE)
					return cli_fail(err, len, "%s takes no value", opt_display(o));
				val = eq + 1;
			} else if (o->arg == ARG_REQ) {
				if (i + 1 >= argc)
					return cli_fail(err, len, "%s needs a value", opt_display(o));
				val = argv[++i];
			} else if (o->arg == ARG_OPTNUM && i + 1 < argc && cli_all_digits(argv[i + 1])) {
				val = argv[++i];
			}
			if ((ret = seen(r, kind, o, val, err, len)) < 0)
				return ret;
		} else if (a[0] == '-' && a[1] && a[1] != '-') {
			for (const char *p = a + 1; *p; p++) {
				o = find_short(*p);
				if (!o)
					return cli_fail(err, len, "unknown option '-%c'", *p);
				val = NULL;
				if (o->arg == ARG_REQ) {
					if (p[1])
						val = p + 1;
					else if (i + 1 < argc)
						val = argv[++i];
					else
						return cli_fail(err, len, "-%c needs a value", *p);
				} else if (o->arg == ARG_OPTNUM) {
					if (p[1] && cli_all_digits(p + 1))
						val = p + 1;
					else if (!p[1] && i + 1 < argc && cli_all_digits(argv[i + 1]))
						val = argv[++i];
				}
				if ((ret = seen(r, kind, o, val, err, len)) < 0)
					return ret;
				if (val && val == p + 1)
					break;
			}
		} else if (*kind == CLI_SET && !r->set[2]) {
			int k = !r->set[0] ? 0 : !r->set[1] ? 1 : 2;

			r->set[k] = a;
		} else {
			return cli_fail(err, len, "unexpected argument '%s'", a);
		}
	}
	return 0;
}

static int apply_args(int argc, char **argv, struct cli_cmd *c, char *err, size_t len)
{
	c->kind = CLI_APPLY;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0 || strcmp(argv[i], "-n") == 0)
			c->dry_run = true;
		else if (strcmp(argv[i], "--keep-others") == 0)
			c->keep_others = true;
		else if (strcmp(argv[i], "-t") == 0 || strcmp(argv[i], "--test") == 0)
			c->check_only = true;
		else if (strcmp(argv[i], "--force") == 0)
			c->force = true;
		else if (strcmp(argv[i], "--hcheckd-sock") == 0) {
			if (++i >= argc)
				return cli_fail(err, len, "--hcheckd-sock needs a path");
			c->hcheckd_sock = argv[i];
		}
		else if (strcmp(argv[i], "--config-id") == 0) {
			if (++i >= argc || conf_id_check(argv[i]) < 0)
				return cli_fail(err, len, "--config-id needs an id (1 to %d "
						"characters, no blank)", CONF_ID_MAX);
			c->config_id = argv[i];
		}
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			c->kind = CLI_HELP;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_fail(err, len, "unknown apply option '%s'", argv[i]);
		else if (c->file)
			return cli_fail(err, len, "apply takes one file");
		else
			c->file = argv[i];
	}
	if (c->kind == CLI_APPLY && !c->file)
		return cli_fail(err, len, "apply needs a keepalived.conf file");
	return 0;
}

static const char *opt_name_of(enum opt_id id)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (opts[i].id == id)
			return opt_display(&opts[i]);
	return "?";
}

int cli_parse(int argc, char **argv, bool in_restore, struct cli_cmd *c, char *err, size_t len)
{
	struct raw r;
	uint64_t extra;
	int ret;

	memset(c, 0, sizeof(*c));
	memset(&r, 0, sizeof(r));
	err[0] = '\0';
	if (argc >= 2 && strcmp(argv[1], "apply") == 0 && !in_restore)
		return apply_args(argc, argv, c, err, len);
	if ((ret = scan(argc, argv, &r, &c->kind, err, len)) < 0)
		return ret;
	/* "ipvsctl --metrics" alone lists (for node_exporter's textfile collector) */
	if (c->kind == CLI_NONE && (r.seen & B(O_METRICS)) && !in_restore)
		c->kind = CLI_LIST;
	if (c->kind == CLI_NONE)
		return cli_fail(err, len, "no command given (-A, -a, -L, ...; see -h)");
	if (in_restore && (c->kind == CLI_RESTORE || c->kind == CLI_SAVE || c->kind == CLI_LIST ||
			   c->kind == CLI_HELP || c->kind == CLI_VERSION))
		return cli_fail(err, len, "%s is not allowed in restore input", cli_kind_name(c->kind));
	if (c->kind == CLI_HELP || c->kind == CLI_VERSION)
		return 0;

	/* options that do not belong to the command */
	extra = r.seen & ~(allowed(c->kind) | B(O_ADD_SVC) | B(O_EDIT_SVC) | B(O_DEL_SVC) |
			  B(O_FLUSH) | B(O_RESTORE) | B(O_SAVE) | B(O_ADD_DEST) |
			  B(O_EDIT_DEST) | B(O_DEL_DEST) | B(O_LIST) | B(O_ZERO) | B(O_SET) |
			  B(O_START_DAEMON) | B(O_STOP_DAEMON));
	if (c->kind == CLI_RESTORE)
		extra &= ~B(O_JSON);
	if (extra) {
		for (int id = 0; id < O_COUNT; id++)
			if (extra & B(id))
				return cli_fail(err, len, "option %s is not allowed with %s",
					    opt_name_of((enum opt_id)id), cli_kind_name(c->kind));
	}
	if ((r.seen & B(O_IPV6)) && !(r.seen & B(O_FWMARK)))
		return cli_fail(err, len, "-6 goes with -f (IPv6 firewall-mark service)");

	switch (c->kind) {
	case CLI_ADD_SVC: case CLI_EDIT_SVC: case CLI_DEL_SVC:
	case CLI_ADD_DEST: case CLI_EDIT_DEST: case CLI_DEL_DEST:
		if (!r.n_svc)
			return cli_fail(err, len, "%s needs a service (-t, -u, --sctp-service or -f)",
				    cli_kind_name(c->kind));
		break;
	default:
		break;
	}
	if (r.n_svc && cli_service(&r, c, err, len) < 0)
		return -EINVAL;

	switch (c->kind) {
	case CLI_ADD_SVC: case CLI_EDIT_SVC:
		return cli_service_settings(&r, c, err, len);
	case CLI_ADD_DEST: case CLI_EDIT_DEST: case CLI_DEL_DEST:
		if (!(r.seen & B(O_REAL)))
			return cli_fail(err, len, "%s needs a real server (-r)", cli_kind_name(c->kind));
		return cli_dest(&r, c, c->kind != CLI_DEL_DEST, err, len);
	case CLI_LIST: {
		static const struct { enum opt_id o; unsigned int f; } fm[] = {
			{ O_NUMERIC, FMT_NUMERIC }, { O_STATS, FMT_STATS }, { O_RATE, FMT_RATE },
			{ O_EXACT, FMT_EXACT }, { O_THRESHOLDS, FMT_THRESHOLDS },
			{ O_PERSISTENT_CONN, FMT_PERSISTENT }, { O_TUN_INFO, FMT_TUN_INFO },
			{ O_NOSORT, FMT_NOSORT }, { O_CONN, FMT_CONN }, { O_TIMEOUT, FMT_TIMEOUT },
			{ O_DAEMON, FMT_DAEMON }, { O_METRICS, FMT_METRICS },
		};

		for (size_t i = 0; i < sizeof(fm) / sizeof(fm[0]); i++)
			if (r.seen & B(fm[i].o))
				c->fmt |= fm[i].f;
		c->json = (r.seen & B(O_JSON)) != 0;
		if ((c->fmt & FMT_METRICS) && (c->json || (c->fmt & (FMT_CONN | FMT_TIMEOUT |
									FMT_DAEMON))))
			return cli_fail(err, len, "--metrics goes with no -j, -c, --timeout or --daemon");
		if ((c->fmt & (FMT_CONN | FMT_TIMEOUT | FMT_DAEMON)) && r.n_svc)
			return cli_fail(err, len, "-c, --timeout and --daemon list no single service");
		return 0;
	}
	case CLI_SAVE:
		if (r.seen & B(O_NUMERIC))
			c->fmt |= FMT_NUMERIC;
		if (r.seen & B(O_NOSORT))
			c->fmt |= FMT_NOSORT;
		return 0;
	case CLI_SET: {
		unsigned long long t[3];

		if (!r.set[2])
			return cli_fail(err, len, "--set needs three timeouts: TCP TCPFIN UDP");
		for (int i = 0; i < 3; i++)
			if (cli_num(r.set[i], INT_MAX, &t[i]) < 0)
				return cli_fail(err, len, "bad timeout '%s'", r.set[i]);
		c->timeouts.tcp = (uint32_t)t[0];
		c->timeouts.tcp_fin = (uint32_t)t[1];
		c->timeouts.udp = (uint32_t)t[2];
		return 0;
	}
	case CLI_START_DAEMON:
		return cli_daemon_settings(&r, c, err, len);
	case CLI_STOP_DAEMON:
		return cli_daemon_state(r.val[O_STOP_DAEMON], &c->daemon.state, err, len);
	default:
		return 0;
	}
}

int cli_split(char *line, char **argv, int max)
{
	int argc = 0;
	char *save, *t;

	argv[argc++] = "ipvsctl";
	for (t = strtok_r(line, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
		if (argc == 1 && t[0] == '#')
			return 1;
		if (argc >= max - 1)
			return -E2BIG;
		argv[argc++] = t;
	}
	argv[argc] = NULL;
	return argc;
}
