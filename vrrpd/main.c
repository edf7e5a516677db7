/*
 * vrrpd - a VRRP router (RFC 3768, RFC 5798 / 9568).
 *
 * The flow: read the command line (and keepalived.conf with -f), check the
 * configuration, open everything that needs privilege (netlink, raw
 * sockets, VMACs, the control socket), keep only CAP_NET_ADMIN and
 * CAP_NET_RAW, detach unless -n, tell systemd we are ready, start the
 * instances and run the loop until SIGTERM / SIGINT; then send priority 0,
 * remove the VIPs and leave nothing behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/caps.h"
#include "common/ctl.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "common/script.h"
#include "vrrpd/cli.h"
#include "vrrpd/daemon.h"
#include "vrrpd/kaconf.h"
#include "vrrpd/tracking.h"

#ifndef VERSION
#define VERSION "0.1"
#endif

/* sd_notify(3) without libsystemd: one datagram to $NOTIFY_SOCKET */
static void sd_notify_msg(const char *msg)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	socklen_t len;
	int fd;

	if (!path || !path[0] || strlen(path) >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, strlen(path));
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = 0;
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	(void)sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa, len);
	close(fd);
}

static void on_stop(int signo, void *arg)
{
	struct vrrpd *d = arg;

	log_info("signal %d: leaving", signo);
	sd_notify_msg("STOPPING=1");
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

static void write_pidfile(const char *path)
{
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "we");
	if (!f) {
		log_warn("pidfile %s", path);
		return;
	}
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
}

/*
 * Detach before anything is opened: epoll does not see a signalfd made in
 * another process, so the loop must be born in the daemon.  The parent
 * waits on a pipe and exits 0 once the daemon says it runs, or with the
 * daemon's exit code if it fails to start, so errors still reach the
 * terminal and the exit status.
 */
static int ready_fd = -1;

static void detach_begin(void)
{
	int p[2], status;
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC) < 0)
		fatal(EXIT_KERNEL, "pipe");
	pid = fork();
	if (pid < 0)
		fatal(EXIT_KERNEL, "fork");
	if (pid > 0) {
		close(p[1]);
		if (read(p[0], &c, 1) == 1)
			_exit(0);
		if (waitpid(pid, &status, 0) == pid && WIFEXITED(status))
			_exit(WEXITSTATUS(status));
		_exit(EXIT_KERNEL);
	}
	close(p[0]);
	ready_fd = p[1];
	setsid();
}

static void detach_done(void)
{
	int fd;

	if (ready_fd < 0)
		return;
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	(void)write(ready_fd, "0", 1);
	close(ready_fd);
	ready_fd = -1;
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
			printf("vrrpd %s\n", VERSION);
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
	if (!o.foreground)
		detach_begin();
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
	write_pidfile(o.pidfile);
	log_info("started: %u instance%s%s%s", d.conf.ninst, d.conf.ninst == 1 ? "" : "s",
		 d.conf.router_id[0] ? ", router_id " : "", d.conf.router_id);
	vrrpd_start(&d);
	sd_notify_msg("READY=1");
	detach_done();
	ret = loop_run(d.loop);
	/* give the notify_stop scripts a second to finish and be reaped */
	for (uint64_t end = loop_now_us() + 1000000; script_running() && loop_now_us() < end;)
		loop_once(d.loop, 50);
	vrrpd_close(&d);
	if (o.pidfile)
		unlink(o.pidfile);
	log_info("stopped");
	return ret < 0 ? EXIT_KERNEL : 0;
}
