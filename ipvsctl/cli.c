/* cli.c - ipvsadm's command-line grammar (see cli.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvsctl/cli.h"

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
	"       ipvsctl -L|-l -c|--timeout|--daemon [-n] [-j]\n"
	"       ipvsctl -Z [SERVICE]\n"
	"       ipvsctl --set TCP TCPFIN UDP\n"
	"       ipvsctl --start-daemon master|backup --mcast-interface IF [--syncid ID]\n"
	"                 [--sync-maxlen N] [--mcast-group ADDR] [--mcast-port N] [--mcast-ttl N]\n"
	"       ipvsctl --stop-daemon master|backup\n"
	"       ipvsctl apply FILE [--dry-run]\n"
	"       ipvsctl -h | -V\n"
	"SERVICE: -t|-u|--sctp-service ADDR[:PORT], or -f FWMARK [-6]\n"
	"SCHED:   rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh twos (default wlc)\n"
	"FLAGS:   sh-fallback,sh-port (sh), mh-fallback,mh-port (mh), flag-1..flag-3\n";

enum opt_id {
	/* commands */
	O_ADD_SVC, O_EDIT_SVC, O_DEL_SVC, O_FLUSH, O_RESTORE, O_SAVE, O_ADD_DEST,
	O_EDIT_DEST, O_DEL_DEST, O_LIST, O_ZERO, O_SET, O_START_DAEMON, O_STOP_DAEMON,
	O_HELP, O_VERSION,
	/* options */
	O_TCP, O_UDP, O_SCTP, O_FWMARK, O_IPV6, O_SCHED, O_PE, O_PERSIST, O_NETMASK,
	O_REAL, O_GATE, O_IPIP, O_MASQ, O_TUN_TYPE, O_TUN_PORT, O_TUN_NOCSUM, O_TUN_CSUM,
	O_TUN_REMCSUM, O_WEIGHT, O_UTHRESH, O_LTHRESH, O_CONN, O_TIMEOUT, O_DAEMON,
	O_STATS, O_RATE, O_EXACT, O_THRESHOLDS, O_PERSISTENT_CONN, O_TUN_INFO, O_NOSORT,
	O_SORT, O_OPS, O_NUMERIC, O_SCHED_FLAGS, O_SYNCID, O_SYNC_MAXLEN, O_MCAST_IF,
	O_MCAST_GROUP, O_MCAST_PORT, O_MCAST_TTL, O_JSON,
	O_COUNT
};

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

#define B(x) (1ull << (x))
#define SVC_ID (B(O_TCP) | B(O_UDP) | B(O_SCTP) | B(O_FWMARK) | B(O_IPV6))
#define SVC_SET (B(O_SCHED) | B(O_PE) | B(O_PERSIST) | B(O_NETMASK) | B(O_SCHED_FLAGS) | \
		 B(O_OPS))
#define DEST_SET (B(O_GATE) | B(O_IPIP) | B(O_MASQ) | B(O_WEIGHT) | B(O_UTHRESH) | \
		  B(O_LTHRESH) | B(O_TUN_TYPE) | B(O_TUN_PORT) | B(O_TUN_NOCSUM) | \
		  B(O_TUN_CSUM) | B(O_TUN_REMCSUM))
#define LIST_FMT (B(O_NUMERIC) | B(O_STATS) | B(O_RATE) | B(O_EXACT) | B(O_THRESHOLDS) | \
		  B(O_PERSISTENT_CONN) | B(O_TUN_INFO) | B(O_NOSORT) | B(O_SORT) | \
		  B(O_CONN) | B(O_TIMEOUT) | B(O_DAEMON) | B(O_JSON))
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

struct raw {
	uint64_t seen;
	const char *val[O_COUNT];
	const char *set[3];
	int n_svc;
};

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

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int num(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	if (!all_digits(s))
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
			return fail(err, len, "only one command at a time (%s and %s)",
				    cli_kind_name(*kind), cli_kind_name(kind_of[o->id]));
		*kind = kind_of[o->id];
	}
	if (o->id == O_TCP || o->id == O_UDP || o->id == O_SCTP || o->id == O_FWMARK) {
		if (r->n_svc++)
			return fail(err, len, "more than one service given");
	} else if (o->id == O_GATE || o->id == O_IPIP || o->id == O_MASQ) {
		if (r->seen & (B(O_GATE) | B(O_IPIP) | B(O_MASQ)) & ~B(o->id))
			return fail(err, len, "more than one forwarding method given");
	} else if ((o->id == O_TUN_NOCSUM || o->id == O_TUN_CSUM || o->id == O_TUN_REMCSUM) &&
		   (r->seen & (B(O_TUN_NOCSUM) | B(O_TUN_CSUM) | B(O_TUN_REMCSUM)) & ~B(o->id))) {
		return fail(err, len, "more than one tunnel checksum option given");
	} else if (r->seen & B(o->id) && o->arg != ARG_NONE) {
		return fail(err, len, "%s given twice", opt_display(o));
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
				return fail(err, len, "unknown option '%s'", a);
			if (eq) {
				if (o->arg == ARG_NONE)
					return fail(err, len, "%s takes no value", opt_display(o));
				val = eq + 1;
			} else if (o->arg == ARG_REQ) {
				if (i + 1 >= argc)
					return fail(err, len, "%s needs a value", opt_display(o));
				val = argv[++i];
			} else if (o->arg == ARG_OPTNUM && i + 1 < argc && all_digits(argv[i + 1])) {
				val = argv[++i];
			}
			if ((ret = seen(r, kind, o, val, err, len)) < 0)
				return ret;
		} else if (a[0] == '-' && a[1] && a[1] != '-') {
			for (const char *p = a + 1; *p; p++) {
				o = find_short(*p);
				if (!o)
					return fail(err, len, "unknown option '-%c'", *p);
				val = NULL;
				if (o->arg == ARG_REQ) {
					if (p[1])
						val = p + 1;
					else if (i + 1 < argc)
						val = argv[++i];
					else
						return fail(err, len, "-%c needs a value", *p);
				} else if (o->arg == ARG_OPTNUM) {
					if (p[1] && all_digits(p + 1))
						val = p + 1;
					else if (!p[1] && i + 1 < argc && all_digits(argv[i + 1]))
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
			return fail(err, len, "unexpected argument '%s'", a);
		}
	}
	return 0;
}

int cli_addrport(const char *s, int proto, int *af_out, uint8_t addr[16], uint16_t *port,
		 bool *has_port)
{
	char host[256];
	const char *portstr = NULL;
	struct addrinfo hints, *res;
	int af = AF_INET;

	memset(addr, 0, 16);
	*port = 0;
	*has_port = false;
	if (strlen(s) >= sizeof(host))
		return -EINVAL;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':' || !close[2])
			return -EINVAL;	/* "[v6]" needs a port, as in ipvsadm */
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		portstr = close + 2;
		af = AF_INET6;
		if (inet_pton(AF_INET6, host, addr) != 1)
			return -EINVAL;
	} else if (strchr(s, ':') && strchr(s, ':') != strrchr(s, ':')) {
		/* two colons or more: a bare IPv6 address, no port */
		if (inet_pton(AF_INET6, s, addr) != 1)
			return -EINVAL;
		af = AF_INET6;
	} else {
		const char *colon = strchr(s, ':');

		if (colon) {
			memcpy(host, s, (size_t)(colon - s));
			host[colon - s] = '\0';
			portstr = colon + 1;
			if (!*portstr)
				return -EINVAL;
		} else {
			strcpy(host, s);
		}
		if (!host[0])
			return -EINVAL;
		if (inet_pton(AF_INET, host, addr) != 1) {
			/* a host name: IPv4 only, as ipvsadm's gethostbyname */
			bool dotted = true;

			for (const char *p = host; *p; p++)
				if ((*p < '0' || *p > '9') && *p != '.')
					dotted = false;
			if (dotted)
				return -EINVAL;
#ifdef FUZZING
			return -EINVAL;	/* no DNS from a fuzzer */
#endif
			memset(&hints, 0, sizeof(hints));
			hints.ai_family = AF_INET;
			if (getaddrinfo(host, NULL, &hints, &res) != 0)
				return -EINVAL;
			memcpy(addr, &((struct sockaddr_in *)res->ai_addr)->sin_addr, 4);
			freeaddrinfo(res);
		}
	}
	if (portstr) {
		unsigned long long v;

		if (num(portstr, 65535, &v) == 0) {
			*port = (uint16_t)v;
		} else {
#ifdef FUZZING
			return -EINVAL;
#else
			struct servent *se = getservbyname(portstr, proto == IPPROTO_UDP ? "udp" :
							   proto == IPPROTO_SCTP ? "sctp" : "tcp");

			if (!se)
				return -EINVAL;
			*port = ntohs((uint16_t)se->s_port);
#endif
		}
		*has_port = true;
	}
	*af_out = af;
	return 0;
}

static int sched_flags(const char *s, const char *sched, uint32_t *flags, char *err, size_t len)
{
	char buf[128];

	if (strlen(s) >= sizeof(buf))
		return fail(err, len, "scheduler flags too long");
	strcpy(buf, s);
	*flags = 0;
	for (char *save, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "flag-1") == 0) {
			*flags |= IP_VS_SVC_F_SCHED1;
		} else if (strcmp(t, "flag-2") == 0) {
			*flags |= IP_VS_SVC_F_SCHED2;
		} else if (strcmp(t, "flag-3") == 0) {
			*flags |= IP_VS_SVC_F_SCHED3;
		} else if (strcmp(t, "sh-fallback") == 0 || strcmp(t, "sh-port") == 0 ||
			   strcmp(t, "mh-fallback") == 0 || strcmp(t, "mh-port") == 0) {
			if (strncmp(t, sched, 2) != 0 || sched[2])
				return fail(err, len, "scheduler flag '%s' needs scheduler %.2s", t,
					    t);
			*flags |= strstr(t, "fallback") ? IP_VS_SVC_F_SCHED1 : IP_VS_SVC_F_SCHED2;
		} else {
			return fail(err, len, "unknown scheduler flag '%s'", t);
		}
	}
	return 0;
}

static int service(struct raw *r, struct cli_cmd *c, char *err, size_t len)
{
	struct ipvs_service *s = &c->svc;
	unsigned long long v;
	bool has_port;
	int proto = 0, o = -1;

	if (r->seen & B(O_TCP))
		proto = IPPROTO_TCP, o = O_TCP;
	else if (r->seen & B(O_UDP))
		proto = IPPROTO_UDP, o = O_UDP;
	else if (r->seen & B(O_SCTP))
		proto = IPPROTO_SCTP, o = O_SCTP;
	if (o >= 0) {
		if (cli_addrport(r->val[o], proto, &s->af, s->addr, &s->port, &has_port) < 0)
			return fail(err, len, "bad service address '%s'", r->val[o]);
		s->protocol = (uint16_t)proto;
	} else {
		if (num(r->val[O_FWMARK], UINT32_MAX, &v) < 0 || v == 0)
			return fail(err, len, "bad firewall mark '%s' (an integer above 0)",
				    r->val[O_FWMARK]);
		s->fwmark = (uint32_t)v;
		s->af = (r->seen & B(O_IPV6)) ? AF_INET6 : AF_INET;
	}
	c->has_svc = true;
	return 0;
}

static int service_settings(struct raw *r, struct cli_cmd *c, char *err, size_t len)
{
	struct ipvs_service *s = &c->svc;
	unsigned long long v;
	const char *sched = r->val[O_SCHED] ? r->val[O_SCHED] : "wlc";

	if (strlen(sched) >= sizeof(s->sched) || !*sched)
		return fail(err, len, "bad scheduler name '%s'", sched);
	strcpy(s->sched, sched);
	if (r->val[O_PE]) {
		if (strlen(r->val[O_PE]) >= sizeof(s->pe) || !*r->val[O_PE])
			return fail(err, len, "bad persistence engine '%s'", r->val[O_PE]);
		strcpy(s->pe, r->val[O_PE]);
	}
	s->timeout = 0;
	if (r->seen & B(O_PERSIST)) {
		s->flags |= IP_VS_SVC_F_PERSISTENT;
		s->timeout = 360;
		if (r->val[O_PERSIST]) {
			if (num(r->val[O_PERSIST], UINT32_MAX / 4, &v) < 0 || v == 0)
				return fail(err, len, "bad persistence timeout '%s'",
					    r->val[O_PERSIST]);
			s->timeout = (uint32_t)v;
		}
	}
	s->netmask = s->af == AF_INET6 ? 128 : 0xffffffff;
	if (r->val[O_NETMASK]) {
		if (s->af == AF_INET6) {
			if (num(r->val[O_NETMASK], 128, &v) < 0 || v == 0)
				return fail(err, len, "bad IPv6 netmask '%s' (a prefix length 1-128)",
					    r->val[O_NETMASK]);
			s->netmask = (uint32_t)v;
		} else {
			struct in_addr m;

			/* inet_aton as ipvsadm: "24" is 0.0.0.24, not /24 */
			if (!inet_aton(r->val[O_NETMASK], &m))
				return fail(err, len, "bad netmask '%s'", r->val[O_NETMASK]);
			s->netmask = m.s_addr;
		}
	}
	if (r->val[O_SCHED_FLAGS]) {
		uint32_t f = 0;

		if (sched_flags(r->val[O_SCHED_FLAGS], s->sched, &f, err, len) < 0)
			return -EINVAL;
		s->flags |= f;
	}
	if (r->seen & B(O_OPS))
		s->flags |= IP_VS_SVC_F_ONEPACKET;
	if (!s->fwmark && s->port == 0 && !(s->flags & IP_VS_SVC_F_PERSISTENT))
		return fail(err, len, "port 0 (all ports) needs a persistent service (-p)");
	return 0;
}

static int tunnel(struct raw *r, struct ipvs_dest *d, char *err, size_t len)
{
	const char *t = r->val[O_TUN_TYPE];
	uint64_t tun = B(O_TUN_TYPE) | B(O_TUN_PORT) | B(O_TUN_NOCSUM) | B(O_TUN_CSUM) |
		       B(O_TUN_REMCSUM);
	unsigned long long v;

	if (!(r->seen & tun))
		return 0;
	if (d->fwd != IP_VS_CONN_F_TUNNEL)
		return fail(err, len, "tunnel options need -i (tunnelling)");
	if (!t || strcmp(t, "ipip") == 0)
		d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
	else if (strcmp(t, "gue") == 0)
		d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	else if (strcmp(t, "gre") == 0)
		d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
	else
		return fail(err, len, "unknown tunnel type '%s' (ipip, gue or gre)", t);
	if (r->val[O_TUN_PORT]) {
		if (d->tun_type != IP_VS_CONN_F_TUNNEL_TYPE_GUE)
			return fail(err, len, "--tun-port is only for --tun-type gue");
		if (num(r->val[O_TUN_PORT], 65535, &v) < 0 || v == 0)
			return fail(err, len, "bad tunnel port '%s'", r->val[O_TUN_PORT]);
		d->tun_port = (uint16_t)v;
	} else if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE) {
		return fail(err, len, "--tun-type gue needs --tun-port");
	}
	if (r->seen & (B(O_TUN_NOCSUM) | B(O_TUN_CSUM) | B(O_TUN_REMCSUM))) {
		if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_IPIP)
			return fail(err, len, "checksum options are not for --tun-type ipip");
		if ((r->seen & B(O_TUN_REMCSUM)) && d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GRE)
			return fail(err, len, "--tun-remcsum is not for --tun-type gre");
	}
	if (r->seen & B(O_TUN_CSUM))
		d->tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	else if (r->seen & B(O_TUN_REMCSUM))
		d->tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
	return 0;
}

static int dest(struct raw *r, struct cli_cmd *c, bool settings, char *err, size_t len)
{
	struct ipvs_dest *d = &c->dest;
	unsigned long long v;
	bool has_port;

	if (cli_addrport(r->val[O_REAL], c->svc.protocol, &d->af, d->addr, &d->port,
			 &has_port) < 0)
		return fail(err, len, "bad real server address '%s'", r->val[O_REAL]);
	c->has_dest = true;
	d->fwd = IP_VS_CONN_F_DROUTE;
	if (r->seen & B(O_MASQ))
		d->fwd = IP_VS_CONN_F_MASQ;
	else if (r->seen & B(O_IPIP))
		d->fwd = IP_VS_CONN_F_TUNNEL;
	/* ipvsadm: only NAT may change the port; without one, the service's */
	if (!has_port || (settings && d->fwd != IP_VS_CONN_F_MASQ))
		d->port = c->svc.port;
	if (!settings) {
		d->fwd = 0;
		return 0;
	}
	d->weight = 1;
	if (r->val[O_WEIGHT]) {
		if (num(r->val[O_WEIGHT], INT_MAX, &v) < 0)
			return fail(err, len, "bad weight '%s' (0 or more)", r->val[O_WEIGHT]);
		d->weight = (int32_t)v;
	}
	if (r->val[O_UTHRESH]) {
		if (num(r->val[O_UTHRESH], UINT32_MAX, &v) < 0)
			return fail(err, len, "bad upper threshold '%s'", r->val[O_UTHRESH]);
		d->u_thresh = (uint32_t)v;
	}
	if (r->val[O_LTHRESH]) {
		if (num(r->val[O_LTHRESH], UINT32_MAX, &v) < 0)
			return fail(err, len, "bad lower threshold '%s'", r->val[O_LTHRESH]);
		d->l_thresh = (uint32_t)v;
	}
	return tunnel(r, d, err, len);
}

static int daemon_state(const char *s, uint32_t *state, char *err, size_t len)
{
	if (strcmp(s, "master") == 0)
		*state = IP_VS_STATE_MASTER;
	else if (strcmp(s, "backup") == 0)
		*state = IP_VS_STATE_BACKUP;
	else
		return fail(err, len, "sync daemon state must be master or backup, not '%s'", s);
	return 0;
}

static int daemon_settings(struct raw *r, struct cli_cmd *c, char *err, size_t len)
{
	struct ipvs_daemon *d = &c->daemon;
	unsigned long long v;

	if (daemon_state(r->val[O_START_DAEMON], &d->state, err, len) < 0)
		return -EINVAL;
	if (r->val[O_MCAST_IF]) {
		if (strlen(r->val[O_MCAST_IF]) >= sizeof(d->ifname))
			return fail(err, len, "interface name too long '%s'", r->val[O_MCAST_IF]);
		strcpy(d->ifname, r->val[O_MCAST_IF]);
	}
	if (r->val[O_SYNCID]) {
		if (num(r->val[O_SYNCID], 255, &v) < 0)
			return fail(err, len, "bad syncid '%s' (0-255)", r->val[O_SYNCID]);
		d->syncid = (uint32_t)v;
	}
	if (r->val[O_SYNC_MAXLEN]) {
		if (num(r->val[O_SYNC_MAXLEN], 65535, &v) < 0 || v == 0)
			return fail(err, len, "bad sync-maxlen '%s'", r->val[O_SYNC_MAXLEN]);
		d->maxlen = (uint16_t)v;
	}
	if (r->val[O_MCAST_GROUP]) {
		if (inet_pton(AF_INET, r->val[O_MCAST_GROUP], d->group) == 1)
			d->group_af = AF_INET;
		else if (inet_pton(AF_INET6, r->val[O_MCAST_GROUP], d->group) == 1)
			d->group_af = AF_INET6;
		else
			return fail(err, len, "bad multicast group '%s'", r->val[O_MCAST_GROUP]);
	}
	if (r->val[O_MCAST_PORT]) {
		if (num(r->val[O_MCAST_PORT], 65535, &v) < 0 || v == 0)
			return fail(err, len, "bad multicast port '%s'", r->val[O_MCAST_PORT]);
		d->port = (uint16_t)v;
	}
	if (r->val[O_MCAST_TTL]) {
		if (num(r->val[O_MCAST_TTL], 255, &v) < 0 || v == 0)
			return fail(err, len, "bad multicast ttl '%s' (1-255)", r->val[O_MCAST_TTL]);
		d->ttl = (uint8_t)v;
	}
	return 0;
}

static int apply_args(int argc, char **argv, struct cli_cmd *c, char *err, size_t len)
{
	c->kind = CLI_APPLY;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0 || strcmp(argv[i], "-n") == 0)
			c->dry_run = true;
		else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			c->kind = CLI_HELP;
		else if (argv[i][0] == '-' && argv[i][1])
			return fail(err, len, "unknown apply option '%s'", argv[i]);
		else if (c->file)
			return fail(err, len, "apply takes one file");
		else
			c->file = argv[i];
	}
	if (c->kind == CLI_APPLY && !c->file)
		return fail(err, len, "apply needs a keepalived.conf file");
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
	if (c->kind == CLI_NONE)
		return fail(err, len, "no command given (-A, -a, -L, ...; see -h)");
	if (in_restore && (c->kind == CLI_RESTORE || c->kind == CLI_SAVE || c->kind == CLI_LIST ||
			   c->kind == CLI_HELP || c->kind == CLI_VERSION))
		return fail(err, len, "%s is not allowed in restore input", cli_kind_name(c->kind));
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
				return fail(err, len, "option %s is not allowed with %s",
					    opt_name_of((enum opt_id)id), cli_kind_name(c->kind));
	}
	if ((r.seen & B(O_IPV6)) && !(r.seen & B(O_FWMARK)))
		return fail(err, len, "-6 goes with -f (IPv6 firewall-mark service)");

	switch (c->kind) {
	case CLI_ADD_SVC: case CLI_EDIT_SVC: case CLI_DEL_SVC:
	case CLI_ADD_DEST: case CLI_EDIT_DEST: case CLI_DEL_DEST:
		if (!r.n_svc)
			return fail(err, len, "%s needs a service (-t, -u, --sctp-service or -f)",
				    cli_kind_name(c->kind));
		break;
	default:
		break;
	}
	if (r.n_svc && service(&r, c, err, len) < 0)
		return -EINVAL;

	switch (c->kind) {
	case CLI_ADD_SVC: case CLI_EDIT_SVC:
		return service_settings(&r, c, err, len);
	case CLI_ADD_DEST: case CLI_EDIT_DEST: case CLI_DEL_DEST:
		if (!(r.seen & B(O_REAL)))
			return fail(err, len, "%s needs a real server (-r)", cli_kind_name(c->kind));
		return dest(&r, c, c->kind != CLI_DEL_DEST, err, len);
	case CLI_LIST: {
		static const struct { enum opt_id o; unsigned int f; } fm[] = {
			{ O_NUMERIC, FMT_NUMERIC }, { O_STATS, FMT_STATS }, { O_RATE, FMT_RATE },
			{ O_EXACT, FMT_EXACT }, { O_THRESHOLDS, FMT_THRESHOLDS },
			{ O_PERSISTENT_CONN, FMT_PERSISTENT }, { O_TUN_INFO, FMT_TUN_INFO },
			{ O_NOSORT, FMT_NOSORT }, { O_CONN, FMT_CONN }, { O_TIMEOUT, FMT_TIMEOUT },
			{ O_DAEMON, FMT_DAEMON },
		};

		for (size_t i = 0; i < sizeof(fm) / sizeof(fm[0]); i++)
			if (r.seen & B(fm[i].o))
				c->fmt |= fm[i].f;
		c->json = (r.seen & B(O_JSON)) != 0;
		if ((c->fmt & (FMT_CONN | FMT_TIMEOUT | FMT_DAEMON)) && r.n_svc)
			return fail(err, len, "-c, --timeout and --daemon list no single service");
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
			return fail(err, len, "--set needs three timeouts: TCP TCPFIN UDP");
		for (int i = 0; i < 3; i++)
			if (num(r.set[i], INT_MAX, &t[i]) < 0)
				return fail(err, len, "bad timeout '%s'", r.set[i]);
		c->timeouts.tcp = (uint32_t)t[0];
		c->timeouts.tcp_fin = (uint32_t)t[1];
		c->timeouts.udp = (uint32_t)t[2];
		return 0;
	}
	case CLI_START_DAEMON:
		return daemon_settings(&r, c, err, len);
	case CLI_STOP_DAEMON:
		return daemon_state(r.val[O_STOP_DAEMON], &c->daemon.state, err, len);
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
