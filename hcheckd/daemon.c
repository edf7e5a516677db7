/*
 * daemon.c - the daemon's life: options, configuration, sockets, the loop,
 * reload and shutdown.  The checking itself is sched.c's.
 */
#include <errno.h>
#include <getopt.h>
#include <linux/capability.h>
#include <malloc.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/caps.h"
#include "common/conf.h"
#include "common/ctl.h"
#include "common/httpd.h"
#include "common/daemonize.h"
#include "common/exitcode.h"
#include "common/ipvs.h"
#include "common/log.h"
#include "common/script.h"
#include "hcheckd/cfg.h"
#include "hcheckd/daemon.h"
#include "hcheckd/hc.h"
#include "hcheckd/lvs.h"
#include "hcheckd/oneshot.h"
#include "hcheckd/tls.h"
#include "hcheckd/util.h"

void daemon_usage(FILE *f)
{
	fputs("usage: hcheckd [-f FILE] [-i ID] [-S SOCK] [-p PIDFILE] [-n] [-t] [-d] [-l]\n"
	      "               [--check 'NAME=URL [check options]']... [--interval DUR]\n"
	      "               [--rise N] [--fall N] [--alpha|--no-alpha] [--agent [ADDR:]PORT]\n"
	      "               [--haproxy-sock PATH] [--max-inflight N] [--max-tls N]\n"
	      "               [--max-scripts N] [--metrics [ADDR:]PORT]\n"
	      "       hcheckd ctl [-S SOCK] show checks [json] | show check NAME [json] |\n"
	      "               show stats | show metrics | watch | disable NAME | enable NAME |\n"
	      "               check NAME | reload\n"
	      "  -f FILE   keepalived.conf syntax (check NAME {...}, virtual_server)\n"
	      "  -i ID     config id, keepalived's -i: which @ID lines of FILE count\n"
	      "            (--config-id; default: the host name up to its first dot)\n"
	      "  -S SOCK   control socket (" HCHECKD_SOCK ")\n"
	      "  -p FILE   write our pid there once started\n"
	      "  -n        stay in the foreground (log to stderr)\n"
	      "  -t        check the configuration and exit (0 OK, 78 error)\n"
	      "  -d        debug logging   -l  log to syslog\n", f);
}

struct dopts {
	const char *file, *sock, *agent, *haproxy_sock, *pidfile, *metrics;
	const char *config_id;		/* -i: @ID lines; NULL: the host name */
	bool foreground, test, syslog, ipvs;
	int interval_ms, rise, fall, alpha;	/* alpha -1: default */
	unsigned cap[CL__COUNT];
	char **checks;
	int nchecks;
};

static struct hcd D;
static struct dopts O;
static struct lvs *LV;

/* --check 'NAME=URL [options]' */
static struct hc_target *flag_target(const char *arg, char *err, size_t len)
{
	char *buf = strdup(arg), *argv[SCRIPT_MAX_ARGS + 1], *eq;
	struct probe_spec s;
	struct hc_target *t = NULL;
	struct hc_checker *c;
	int n, retries = 0, rdelay = 1000;

	spec_init(&s);
	if (!buf) {
		snprintf(err, len, "out of memory");
		return NULL;
	}
	argv[0] = "check";
	n = script_split(buf, argv + 1, SCRIPT_MAX_ARGS);
	if (n < 1 || !(eq = strchr(argv[1], '=')) || eq == argv[1]) {
		snprintf(err, len, "--check '%s': needs NAME=URL", arg);
		goto out;
	}
	*eq = '\0';
	/* the URL goes last: options first is what getopt wants */
	{
		char *name = argv[1];
		memmove(argv + 1, argv + 2, (size_t)(n - 1) * sizeof(char *));
		argv[n] = eq + 1;
		argv[n + 1] = NULL;
		if (oneshot_parse_spec(n + 1, argv, &s, &retries, &rdelay) < 0) {
			snprintf(err, len, "--check '%s': bad check", arg);
			goto out;
		}
		t = target_new(name);
	}
	if (!t || !(c = target_add_checker(t, &s, probe_type_name[s.type]))) {
		snprintf(err, len, "out of memory");
		target_free(t);
		t = NULL;
		goto out;
	}
	c->interval_ms = O.interval_ms;
	c->rise = O.rise;
	c->retry = O.fall > 1 ? O.fall - 1 : retries;
	c->retry_delay_ms = rdelay < c->interval_ms ? rdelay : c->interval_ms;
	t->alpha = O.alpha != 0;
out:
	spec_free(&s);
	free(buf);
	return t;
}

static int add_target(struct hcd *d, struct hc_target *t)
{
	struct hc_target **v;

	if (hcd_find(d, t->name))
		return -EEXIST;
	v = realloc(d->t, (d->nt + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	d->t = v;
	d->t[d->nt++] = t;
	t->d = d;
	return 0;
}

static void free_targets(struct hc_target **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		target_free(v[i]);
	free(v);
}

/* Build the complete set of targets from the file and the flags.  Nothing
 * running is touched; 0 or -1 with err. */
static int build(struct cfg *cf, char *err, size_t len)
{
	memset(cf, 0, sizeof(*cf));
	if (O.file && cfg_load(O.file, O.config_id, cf, err, len) < 0)
		return -1;
	for (int i = 0; i < O.nchecks; i++) {
		struct hc_target *t = flag_target(O.checks[i], err, len);
		if (!t)
			goto fail;
		if (cfg_add_target(cf, t) < 0) {
			snprintf(err, len, "--check: a check named '%s' exists already", t->name);
			target_free(t);
			goto fail;
		}
	}
	/* The file's parse tree (several allocations per word) is gone now;
	 * give its pages back, or 20,000 checks keep ~100 MB they no longer use. */
	malloc_trim(0);
	return 0;
fail:
	cfg_free(cf);
	return -1;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* per-check agent listeners: on the check's address, else on the global
 * listener's ("" = all) */
static void open_agents(struct hcd *d)
{
	for (size_t i = 0; i < d->nt; i++) {
		struct hc_target *t = d->t[i];
		if (t->agent_port && t->agent_fd < 0) {
			const char *a = t->agent_addr ? t->agent_addr : d->agent_addr;
			t->agent_fd = agent_listen(d, a, t->agent_port, t);
			if (t->agent_fd < 0)
				log_warnx("[%s] agent port %s%s%u: %s", t->name, *a ? a : "",
					  *a ? " " : "", t->agent_port, strerror(-t->agent_fd));
		}
	}
}

/* Can the running daemon take cf?  What the daemon dropped at start cannot
 * come back: switching users (CAP_SETUID/CAP_SETGID), raw ICMP
 * (CAP_NET_RAW; ping sockets may do instead) and IPVS control
 * (CAP_NET_ADMIN, the netlink socket).  IPVS is opened here when it can
 * still be, last, when nothing else can refuse.  0, or -1 with
 * "FILE:LINE: ..." in err. */
static int reload_possible(struct hcd *d, struct cfg *cf, char *err, size_t len)
{
	if (cf->user_at[0] && (!caps_have(CAP_SETUID) || !caps_have(CAP_SETGID))) {
		snprintf(err, len, "%s: running a script as another user needs CAP_SETUID and "
			 "CAP_SETGID, which hcheckd dropped at start (no script switched users "
			 "then); restart hcheckd for this configuration", cf->user_at);
		return -1;
	}
	/* PING_CHECK without CAP_NET_RAW: only with ping sockets
	 * (net.ipv4.ping_group_range holding our group) */
	for (int v6 = 0; v6 < 2 && !caps_have(CAP_NET_RAW); v6++) {
		int fd;
		if (!cf->ping_at[v6][0])
			continue;
		fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC,
			    v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
		if (fd >= 0) {
			close(fd);
			continue;
		}
		snprintf(err, len, "%s: PING_CHECK needs CAP_NET_RAW, which hcheckd dropped at "
			 "start (no PING_CHECK then), or ping sockets (net.ipv4.ping_group_range): "
			 "%s; restart hcheckd for this configuration", cf->ping_at[v6], strerror(errno));
		return -1;
	}
	if (!LV && cf->nvs) {
		struct cfg none = { 0 };
		int r = -EPERM;
		if (caps_have(CAP_NET_ADMIN))
			r = lvs_open(&LV, d, &none);
		if (r < 0) {
			snprintf(err, len, "%s: hcheckd has no IPVS control (it started without "
				 "virtual servers%s%s); restart hcheckd for this configuration",
				 cf->vs_at, r == -EPERM ? " and dropped CAP_NET_ADMIN" : ": ",
				 r == -EPERM ? "" : strerror(-r));
			return -1;
		}
		log_info("IPVS opened for the virtual servers of the reload");
	}
	return 0;
}

static void script_user_set(struct hcd *d, const struct cfg *cf)
{
	snprintf(d->script_user, sizeof(d->script_user), "%s", cf->script_user);
	snprintf(d->script_group, sizeof(d->script_group), "%s", cf->script_group);
}

/* reload: the new configuration replaces the old one; a target whose
 * checkers are unchanged keeps its state and counters */
static int reload(struct hcd *d, char *err, size_t len)
{
	struct cfg cf;
	struct hc_target **old = d->t;
	size_t nold = d->nt;

	if (build(&cf, err, len) < 0) {
		log_warnx("reload failed, keeping the running configuration: %s", err);
		return -1;
	}
	if (reload_possible(d, &cf, err, len) < 0) {
		log_warnx("reload failed, keeping the running configuration: %s", err);
		cfg_free(&cf);
		return -1;
	}
	sched_stop(d);
	/* every probe is stopped: the TLS contexts go, so that a renewed client
	 * certificate, key or CA file under the same name is read again */
	tls_cleanup();
	script_user_set(d, &cf);
	d->t = NULL;
	d->nt = 0;
	for (size_t i = 0; i < cf.nt; i++) {
		struct hc_target *n = cf.t[i];
		for (size_t j = 0; j < nold; j++) {
			struct hc_target *o = old[j];
			if (o && !strcmp(o->name, n->name) && target_same(o, n)) {
				/* keep the old one (state, counters, agent socket);
				 * a moved agent listener is reopened below */
				if (o->agent_port != n->agent_port ||
				    !same_str(o->agent_addr, n->agent_addr)) {
					if (o->agent_fd >= 0)
						agent_close(d, o->agent_fd);
					o->agent_fd = -1;
					o->agent_port = n->agent_port;
					free(o->agent_addr);
					o->agent_addr = n->agent_addr;
					n->agent_addr = NULL;
				}
				free(o->notify_up);
				free(o->notify_down);
				free(o->haproxy_server);
				o->notify_up = n->notify_up;
				o->notify_down = n->notify_down;
				o->haproxy_server = n->haproxy_server;
				n->notify_up = n->notify_down = n->haproxy_server = NULL;
				o->weight = n->weight;
				o->rs = n->rs;
				n->rs = NULL;
				target_free(n);
				cf.t[i] = n = o;
				old[j] = NULL;
				break;
			}
		}
		add_target(d, n);
	}
	free(cf.t);
	cf.t = NULL;
	cf.nt = 0;
	for (size_t j = 0; j < nold; j++) {
		if (!old[j])
			continue;
		if (old[j]->agent_fd >= 0)
			agent_close(d, old[j]->agent_fd);
		log_info("[%s] removed by reload", old[j]->name);
		target_free(old[j]);
	}
	free(old);
	if (LV)
		lvs_reconfigure(LV, d, &cf);
	cfg_free(&cf);
	open_agents(d);
	sched_start(d);
	if (LV)
		lvs_sync_all(LV, d);
	log_info("configuration reloaded: %zu checks", d->nt);
	return 0;
}

/* every reload, from SIGHUP or the verb, counted for the metrics */
static int do_reload(struct hcd *d, char *err, size_t len)
{
	return metrics_proc_reloaded(&d->proc, reload(d, err, len));
}

static void on_term(int sig, void *arg)
{
	loop_stop(arg);
}

static void on_hup(int sig, void *arg)
{
	char err[1024];

	do_reload(&D, err, sizeof(err));
}

static void on_change(struct hc_target *t, void *arg)
{
	if (LV && t->rs)
		lvs_apply(LV, t);
}

static int uint_arg(const char *s, unsigned max, unsigned *v)
{
	char *end;
	unsigned long x;

	errno = 0;
	x = strtoul(s, &end, 10);
	if (!*s || *end || errno || x > max)
		return -1;
	*v = (unsigned)x;
	return 0;
}

/* Open everything the daemon runs with: the loop, the targets (taken from
 * cf), the control socket, the agent listeners and IPVS, last (it adds the
 * virtual services: nothing else may refuse after it).  0, or the exit code
 * with err set. */
static int open_all(struct cfg *cf, char *err, size_t len)
{
	unsigned v;
	int r;

	D.agent_fd = -1;
	memcpy(D.cap, O.cap, sizeof(D.cap));
	metrics_proc_init(&D.proc);
	if (cf->cap[CL_NET]) D.cap[CL_NET] = cf->cap[CL_NET];
	if (cf->cap[CL_TLS]) D.cap[CL_TLS] = cf->cap[CL_TLS];
	if (cf->cap[CL_EXEC]) D.cap[CL_EXEC] = cf->cap[CL_EXEC];
	if (!(D.loop = loop_new()) || engine_new(&D.eng) < 0) {
		snprintf(err, len, "cannot set up the event loop: %s", strerror(errno));
		return EXIT_KERNEL;
	}
	if (O.haproxy_sock || cf->haproxy_sock)
		D.haproxy_sock = strdup(O.haproxy_sock ? O.haproxy_sock : cf->haproxy_sock);
	script_user_set(&D, cf);
	for (size_t i = 0; i < cf->nt; i++)
		add_target(&D, cf->t[i]);
	free(cf->t);
	cf->t = NULL;
	cf->nt = 0;
	if (loop_signal(D.loop, SIGTERM, on_term, D.loop) < 0 ||
	    loop_signal(D.loop, SIGINT, on_term, D.loop) < 0 ||
	    loop_signal(D.loop, SIGHUP, on_hup, NULL) < 0) {
		snprintf(err, len, "signals: %s", strerror(errno));
		return EXIT_KERNEL;
	}
	if ((r = hcd_ctl_listen(&D, O.sock)) < 0) {
		snprintf(err, len, "control socket %s: %s", O.sock, ctl_strerror(r));
		return ctl_exitcode(r);
	}
	if (O.agent || cf->agent) {
		char host[256] = "";
		uint16_t port = 0;
		const char *a = O.agent ? O.agent : cf->agent;
		if (strchr(a, ':') || strchr(a, '.')) {
			if (split_hostport(a, host, sizeof(host), &port) < 0 || !port) {
				snprintf(err, len, "bad agent address '%s'", a);
				return EXIT_USAGE;
			}
		} else if (uint_arg(a, 65535, &v) < 0 || !v) {
			snprintf(err, len, "bad agent port '%s'", a);
			return EXIT_USAGE;
		} else {
			port = (uint16_t)v;
		}
		if ((D.agent_fd = agent_listen(&D, host, port, NULL)) < 0) {
			snprintf(err, len, "agent listener %s: %s", a, strerror(-D.agent_fd));
			return EXIT_KERNEL;
		}
		snprintf(D.agent_addr, sizeof(D.agent_addr), "%s", host);
	}
	open_agents(&D);
	if ((O.metrics || cf->metrics) &&
	    (r = httpd_listen(D.loop, O.metrics ? O.metrics : cf->metrics, "/metrics",
			      METRICS_CONTENT_TYPE, hcd_metrics, &D, &D.httpd)) < 0) {
		snprintf(err, len, "metrics listener %s: %s", O.metrics ? O.metrics : cf->metrics,
			 strerror(-r));
		return exitcode_for_errno(r);
	}
	D.on_change = on_change;
	if (O.file)
		D.reload = do_reload;
	if (cf->nvs && (r = lvs_open(&LV, &D, cf)) < 0) {
		snprintf(err, len, "%s: IPVS: %s", cf->vs_at,
			 r == -ENOENT ? "this kernel has no IPVS (ip_vs module)" : strerror(-r));
		return r == -ENOENT ? EXIT_KERNEL : exitcode_for_errno(r);
	}
	return 0;
}

/* Close what open_all() opened, however far it came. */
static void close_all(void)
{
	lvs_close(LV);
	LV = NULL;
	ctl_close(D.ctl);
	D.ctl = NULL;
	httpd_close(D.httpd);
	D.httpd = NULL;
	for (size_t i = 0; i < D.nt; i++)
		if (D.t[i]->agent_fd >= 0)
			agent_close(&D, D.t[i]->agent_fd);
	if (D.agent_fd >= 0)
		agent_close(&D, D.agent_fd);
	D.agent_fd = -1;
	free_targets(D.t, D.nt);
	D.t = NULL;
	D.nt = 0;
	engine_free(D.eng);
	D.eng = NULL;
	/* notify_up/down and quorum scripts still running: TERM, KILL, reaped */
	if (D.loop)
		script_kill_all(D.loop, SCRIPT_GRACE_MS);
	loop_free(D.loop);
	D.loop = NULL;
	free(D.haproxy_sock);
	D.haproxy_sock = NULL;
}

int daemon_main(int argc, char **argv)
{
	enum { O_CHECK = 256, O_INTERVAL, O_RISE, O_FALL, O_ALPHA, O_NOALPHA, O_AGENT, O_HSOCK,
	       O_MAXIN, O_MAXTLS, O_MAXSCR, O_METRICS };
	static const struct option lo[] = {
		{ "check", 1, 0, O_CHECK }, { "interval", 1, 0, O_INTERVAL }, { "rise", 1, 0, O_RISE },
		{ "fall", 1, 0, O_FALL }, { "alpha", 0, 0, O_ALPHA }, { "no-alpha", 0, 0, O_NOALPHA },
		{ "agent", 1, 0, O_AGENT }, { "haproxy-sock", 1, 0, O_HSOCK },
		{ "max-inflight", 1, 0, O_MAXIN }, { "max-tls", 1, 0, O_MAXTLS },
		{ "max-scripts", 1, 0, O_MAXSCR }, { "metrics", 1, 0, O_METRICS },
		{ "pidfile", 1, 0, 'p' }, { "config-id", 1, 0, 'i' }, { "help", 0, 0, 'h' },
		{ 0 },
	};
	struct cfg cf;
	struct hc_target *t;
	char err[1024];
	int c, r, verbosity = 0;
	unsigned v;
	bool switch_user;

	O.sock = HCHECKD_SOCK;
	O.interval_ms = 5000;
	O.rise = 1;
	O.alpha = -1;
	O.cap[CL_NET] = 1000;
	O.cap[CL_TLS] = 100;
	O.cap[CL_EXEC] = 16;
	O.checks = calloc((size_t)argc, sizeof(char *));
	while ((c = getopt_long(argc, argv, "f:i:S:p:ntdlh", lo, NULL)) != -1) {
		switch (c) {
		case 'f': O.file = optarg; break;
		case 'i':
			if (conf_id_check(optarg) < 0)
				fatalx(EXIT_USAGE, "-i '%s': 1 to %d characters, no blank", optarg,
				       CONF_ID_MAX);
			O.config_id = optarg;
			break;
		case 'S': O.sock = optarg; break;
		case 'p': O.pidfile = optarg; break;
		case 'n': O.foreground = true; break;
		case 't': O.test = true; break;
		case 'd': verbosity = 1; break;
		case 'l': O.syslog = true; break;
		case 'h': daemon_usage(stdout); return 0;
		case O_CHECK: O.checks[O.nchecks++] = optarg; break;
		case O_INTERVAL:
			if (parse_duration_ms(optarg, &O.interval_ms) < 0 || O.interval_ms < 10)
				fatalx(EXIT_USAGE, "bad interval '%s'", optarg);
			break;
		case O_RISE:
		case O_FALL:
			if (uint_arg(optarg, 1000, &v) < 0 || v < 1)
				fatalx(EXIT_USAGE, "bad count '%s'", optarg);
			if (c == O_RISE) O.rise = (int)v; else O.fall = (int)v;
			break;
		case O_ALPHA: O.alpha = 1; break;
		case O_NOALPHA: O.alpha = 0; break;
		case O_AGENT: O.agent = optarg; break;
		case O_HSOCK: O.haproxy_sock = optarg; break;
		case O_METRICS: {
			struct sockaddr_storage ss;
			socklen_t sl;
			const char *why;
			if (httpd_addr_parse(optarg, &ss, &sl, &why) < 0)
				fatalx(EXIT_USAGE, "--metrics %s: %s", optarg, why);
			O.metrics = optarg;
			break;
		}
		case O_MAXIN:
		case O_MAXTLS:
		case O_MAXSCR:
			if (uint_arg(optarg, 1000000, &v) < 0 || v < 1)
				fatalx(EXIT_USAGE, "bad limit '%s'", optarg);
			O.cap[c == O_MAXIN ? CL_NET : c == O_MAXTLS ? CL_TLS : CL_EXEC] = v;
			break;
		default:
			daemon_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		log_warnx("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	/* a bad --check is a usage error (build() makes the real targets;
	 * flag_target() runs getopt itself: not inside the loop above) */
	for (int i = 0; i < O.nchecks; i++) {
		if (!(t = flag_target(O.checks[i], err, sizeof(err)))) {
			log_warnx("%s", err);
			return EXIT_USAGE;
		}
		target_free(t);
	}
	if (!O.file && !O.nchecks && !O.test)
		O.file = HCHECKD_CONF;
	log_set_verbosity(verbosity);
	if (build(&cf, err, sizeof(err)) < 0) {
		log_warnx("%s", err);
		return EXIT_CONFIG;
	}
	if ((r = ctl_path_check(O.sock)) < 0)
		fatalx(ctl_exitcode(r), "control socket %s: %s", O.sock, ctl_strerror(r));
	if (O.test && cfg_check_files(&cf, err, sizeof(err)) < 0) {
		log_warnx("%s", err);
		cfg_free(&cf);
		return EXIT_CONFIG;
	}
	if (O.test) {
		printf("configuration OK: %zu checks, %zu virtual servers\n", cf.nt, cf.nvs);
		cfg_free(&cf);
		return 0;
	}
	/* what a configuration needs from the system, said before detaching */
	switch_user = cfg_needs_setuid(cf.t, cf.nt) || cf.notify_switch;
	if (switch_user && (!caps_have(CAP_SETUID) || !caps_have(CAP_SETGID)))
		fatalx(EXIT_NOPERM, "%s: running a script as another user needs CAP_SETUID and "
		       "CAP_SETGID (run hcheckd as root)", cf.user_at[0] ? cf.user_at : "--check --user");
	if (cf.nvs && !caps_have(CAP_NET_ADMIN))
		fatalx(EXIT_NOPERM, "%s: driving IPVS needs CAP_NET_ADMIN (run hcheckd as root)",
		       cf.vs_at);
	if (!O.foreground || O.syslog)
		log_init("hcheckd", LOG_TO_SYSLOG, verbosity);
	/* detach before anything is opened; the caller waits until it is
	 * (common/daemonize.h) and gets start-up errors and their exit code */
	if (!O.foreground && (r = daemonize_detach()) < 0)
		fatalx(EXIT_KERNEL, "detach: %s", strerror(-r));
	signal(SIGPIPE, SIG_IGN);
	if ((r = open_all(&cf, err, sizeof(err))) != 0) {
		log_warnx("%s", err);
		close_all();
		cfg_free(&cf);
		free(O.checks);
		return r;
	}
	cfg_free(&cf);
	/* capabilities: CAP_NET_RAW only for ICMP, CAP_NET_ADMIN only for
	 * IPVS, CAP_SETUID and CAP_SETGID only when a MISC_CHECK runs as
	 * another user (the script itself ends with none: setuid clears them) */
	{
		int keep[5], n = 0;
		bool icmp = false;
		for (size_t i = 0; i < D.nt; i++)
			for (size_t j = 0; j < D.t[i]->nck; j++)
				icmp |= D.t[i]->ck[j]->spec.type == PT_ICMP;
		if (icmp)
			keep[n++] = CAP_NET_RAW;
		if (LV)
			keep[n++] = CAP_NET_ADMIN;
		if (switch_user) {
			keep[n++] = CAP_SETUID;
			keep[n++] = CAP_SETGID;
		}
		keep[n] = -1;
		if ((r = caps_keep(keep)) < 0)
			log_warnx("cannot drop capabilities: %s", strerror(-r));
	}
	/* everything is open: the caller gets its exit status now */
	if ((r = daemonize_ready(O.pidfile, err, sizeof(err))) < 0) {
		log_warnx("%s", err);
		if (LV)		/* IPVS was opened last: undo as a stop does (sync daemons) */
			lvs_shutdown(LV, &D);
		close_all();
		free(O.checks);
		return exitcode_for_errno(r);
	}
	sched_start(&D);
	if (LV)
		lvs_sync_all(LV, &D);
	log_info("started: %zu checks, control socket %s", D.nt, O.sock);
	loop_run(D.loop);
	log_info("stopping");
	daemonize_notify("STOPPING=1");
	sched_stop(&D);
	if (LV)
		lvs_shutdown(LV, &D);
	close_all();
	daemonize_done(O.pidfile);
	tls_cleanup();
	free(O.checks);
	return 0;
}

int ctl_main(int argc, char **argv, const char *sock)
{
	char req[CTL_LINE_MAX];
	size_t off = 0;
	int i = 1;

	if (i + 1 < argc && !strcmp(argv[i], "-S")) {
		sock = argv[i + 1];
		i += 2;
	}
	if (i >= argc) {
		daemon_usage(stderr);
		return EXIT_USAGE;
	}
	for (; i < argc; i++) {
		int n = snprintf(req + off, sizeof(req) - off, "%s%s", off ? " " : "", argv[i]);
		if (n < 0 || (size_t)n >= sizeof(req) - off) {
			log_warnx("request too long");
			return EXIT_USAGE;
		}
		off += (size_t)n;
	}
	return ctl_client(sock, req, stdout, stderr);
}
