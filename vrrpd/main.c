/*
 * vrrpd - a VRRP router (RFC 3768, RFC 5798 / 9568).
 *
 * The flow: read the command line (and keepalived.conf with -f), check the
 * configuration, detach unless -n (the caller waits for the outcome:
 * common/daemonize.h), open everything that needs privilege (netlink, raw
 * sockets, VMACs, the control socket), keep only CAP_NET_ADMIN and
 * CAP_NET_RAW, write the pidfile and tell systemd and the caller we are
 * ready, start the instances and run the loop until SIGTERM / SIGINT; then
 * send priority 0, remove the VIPs and leave nothing behind.
 */
#include <errno.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/httpd.h"
#include "common/caps.h"
#include "common/ctl.h"
#include "common/daemonize.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "vrrpd/cli.h"
#include "vrrpd/daemon.h"
#include "vrrpd/kaconf.h"
#include "vrrpd/lint.h"
#include "vrrpd/tracking.h"

static void on_stop(int signo, void *arg)
{
	struct vrrpd *d = arg;

	log_info("signal %d: leaving", signo);
	daemonize_notify("STOPPING=1");
	vrrpd_stop(d);
	loop_stop(d->loop);
}

static void on_hup(int signo, void *arg)
{
	struct vrrpd *d = arg;
	char err[1024];

	(void)signo;
	if (vrrpd_reload(d, err, sizeof(err)) < 0)
		log_warnx("SIGHUP: reload failed, the running configuration is kept: %s", err);
}

static int ctl_main(int argc, char **argv)
{
	const char *sock = VRRPD_SOCK_DEFAULT;
	char req[CTL_LINE_MAX];
	size_t off = 0;
	int i = 0;

	if (argc > 1 && !strcmp(argv[0], "-S")) {
		sock = argv[1];
		argv += 2;
		argc -= 2;
	}
	if (argc < 1) {
		fprintf(stderr, "usage: vrrpd ctl [-S SOCK] VERB [ARGS]\n");
		return EXIT_USAGE;
	}
	req[0] = 0;
	for (i = 0; i < argc; i++) {
		int n = snprintf(req + off, sizeof(req) - off, "%s%s", i ? " " : "", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(req) - off) {
			fprintf(stderr, "vrrpd: request too long\n");
			return EXIT_USAGE;
		}
		off += (size_t)n;
	}
	return ctl_client(sock, req, stdout, stderr);
}

/* Does any script run as a user other than root (global script_user, or a
 * vrrp_script's own user)?  Then the daemon keeps what switching needs. */
static bool scripts_switch_user(const struct vrrpd_conf *c)
{
	if (c->script_user[0] && strcmp(c->script_user, "root") != 0)
		return true;
	for (unsigned i = 0; i < c->tc.nscripts; i++)
		if (c->tc.scripts[i].user[0] && strcmp(c->tc.scripts[i].user, "root") != 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	/* CAP_SETUID/CAP_SETGID join them only when scripts run as another
	 * user (script_user), to switch to it in the child */
	int keep[] = { CAP_NET_ADMIN, CAP_NET_RAW, -1, -1, -1 };
	struct vrrpd_opts o;
	struct vrrpd_conf conf;
	struct vrrpd d;
	char err[512];
	int ret;

	log_init("vrrpd", LOG_TO_STDERR, 0);
	/* vrrpd [-S SOCK] ctl ... : the client */
	if (argc > 1 && !strcmp(argv[1], "ctl"))
		return ctl_main(argc - 2, argv + 2);
	/* vrrpd lint FILE...: the nodes' files against each other */
	if (argc > 1 && !strcmp(argv[1], "lint"))
		return lint_main(argc - 2, argv + 2);
	if (argc > 3 && !strcmp(argv[1], "-S") && !strcmp(argv[3], "ctl")) {
		argv[3] = argv[2];
		argv[2] = argv[1];
		return ctl_main(argc - 2, argv + 2);
	}

	vrrpd_conf_init(&conf);
	if (vrrpd_cli_parse(argc, argv, &o, &conf, err, sizeof(err)) < 0) {
		log_warnx("%s", err);
		fprintf(stderr, "%s", vrrpd_usage);
		vrrpd_conf_free(&conf);
		return EXIT_USAGE;
	}
	if (o.help || o.version) {
		if (o.help)
			printf("%s", vrrpd_usage);
		else
			printf("vrrpd %s\n", HA_VERSION);
		vrrpd_conf_free(&conf);
		return 0;
	}
	log_set_verbosity(o.verbose ? 1 : 0);
	if (o.config && (ret = kaconf_load2(o.config, &conf, o.config_id, true, err,
					    sizeof(err))) < 0) {
		log_warnx("%s", err);
		vrrpd_conf_free(&conf);
		return EXIT_CONFIG;
	}
	if (o.metrics) {
		struct sockaddr_storage ss;
		socklen_t sl;
		const char *why;

		if (strlen(o.metrics) >= sizeof(conf.metrics_listen) ||
		    httpd_addr_parse(o.metrics, &ss, &sl, &why) < 0) {
			log_warnx("--metrics %s: %s", o.metrics, why);
			vrrpd_conf_free(&conf);
			return EXIT_USAGE;
		}
		snprintf(conf.metrics_listen, sizeof(conf.metrics_listen), "%s", o.metrics);
	}
	if (vrrpd_conf_check(&conf, err, sizeof(err)) < 0) {
		log_warnx("%s%s%s", o.config ? o.config : "", o.config ? ": " : "", err);
		vrrpd_conf_free(&conf);
		return o.config ? EXIT_CONFIG : EXIT_USAGE;
	}
	/* the socket path a start would refuse, -t refuses too (a live
	 * daemon on it is for the start alone to find) */
	if ((!o.sock || o.sock[0]) &&
	    (ret = ctl_path_check(o.sock ? o.sock : VRRPD_SOCK_DEFAULT)) < 0) {
		log_warnx("control socket %s: %s", o.sock ? o.sock : VRRPD_SOCK_DEFAULT,
			  ctl_strerror(ret));
		vrrpd_conf_free(&conf);
		return ctl_exitcode(ret);
	}
	if (o.test) {
		printf("configuration OK\n");
		vrrpd_conf_free(&conf);
		return 0;
	}
	if (!o.log_set)
		o.log = o.foreground ? LOG_TO_STDERR : LOG_TO_SYSLOG;
	log_init("vrrpd", o.log, o.verbose ? 1 : 0);

	if (!caps_have(CAP_NET_RAW) || !caps_have(CAP_NET_ADMIN))
		fatalx(EXIT_NOPERM, "needs CAP_NET_ADMIN and CAP_NET_RAW (run as root)");
	/* detach before anything is opened (daemonize.h); start-up errors
	 * still reach the caller */
	if (!o.foreground && (ret = daemonize_detach()) < 0)
		fatalx(EXIT_KERNEL, "detach: %s", strerror(-ret));
	signal(SIGPIPE, SIG_IGN);
	ret = vrrpd_open(&d, &conf, o.sock ? o.sock : VRRPD_SOCK_DEFAULT, err, sizeof(err));
	if (ret < 0) {
		log_warnx("%s", err);
		vrrpd_close(&d);
		return exitcode_for_errno(ret);
	}
	if (o.config && !realpath(o.config, d.conf_path))
		snprintf(d.conf_path, sizeof(d.conf_path), "%s", o.config);
	if (o.config_id)
		snprintf(d.conf_id, sizeof(d.conf_id), "%s", o.config_id);
	if (scripts_switch_user(&d.conf)) {
		keep[2] = CAP_SETUID;
		keep[3] = CAP_SETGID;
	}
	if ((ret = caps_keep(keep)) < 0) {
		log_warnx("unable to drop capabilities: %s", strerror(-ret));
		vrrpd_close(&d);
		return EXIT_NOPERM;
	}
	if (loop_signal(d.loop, SIGTERM, on_stop, &d) < 0 ||
	    loop_signal(d.loop, SIGINT, on_stop, &d) < 0 ||
	    loop_signal(d.loop, SIGHUP, on_hup, &d) < 0) {
		log_warn("signals");
		vrrpd_close(&d);
		return EXIT_KERNEL;
	}
	/* everything is open: the caller gets its exit status now */
	if ((ret = daemonize_ready(o.pidfile, err, sizeof(err))) < 0) {
		log_warnx("%s", err);
		vrrpd_close(&d);
		return exitcode_for_errno(ret);
	}
	log_info("started: %u instance%s%s%s", d.conf.ninst, d.conf.ninst == 1 ? "" : "s",
		 d.conf.router_id[0] ? ", router_id " : "", d.conf.router_id);
	vrrpd_start(&d);
	ret = loop_run(d.loop);
	vrrpd_close(&d);	/* the STOP scripts run within a bounded time (notify.h) */
	daemonize_done(o.pidfile);
	log_info("stopped");
	return ret < 0 ? EXIT_KERNEL : 0;
}
