/*
 * cli.c - vrrpd's command line (see cli.h).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/addr.h"
#include "common/conf.h"
#include "vrrpd/cli.h"

const char vrrpd_usage[] =
"usage: vrrpd -i IF --vrid N --vip ADDR[/LEN] [--vip ...] [options]\n"
"       vrrpd -f FILE [-t] [options]\n"
"       vrrpd ctl [-S SOCK] status | show instances|stats [json] | watch |\n"
"                 is-master NAME\n"
"       vrrpd lint [-j] [--local] [-i ID] FILE [[-i ID] FILE]...\n"
"instance (flags mode):\n"
"  -i, --interface IF       interface the instance runs on\n"
"      --vrid N             virtual router id, 1-255\n"
"      --priority P         1-255 (255 = address owner), default 100\n"
"      --vip ADDR[/LEN]     virtual address (repeat for more; one family)\n"
"      --advert-ms N        advert interval, default 1000 (v2: whole seconds)\n"
"      --vrrp-version 2|3   VRRP version, default 2 (IPv6: always 3);\n"
"                           --version 2|3 is the same\n"
"      --name NAME          instance name, default vrid<N>\n"
"      --unicast-peer ADDR  send adverts to ADDR instead of multicast (repeat)\n"
"      --unicast-src ADDR   source address of unicast adverts\n"
"      --accept-nonpeer     unicast: accept adverts from addresses not listed\n"
"      --nopreempt          a higher priority does not take over a master\n"
"      --preempt-delay S    wait S seconds before preempting\n"
"      --auth-pass X        VRRPv2 simple password (at most 8 bytes)\n"
"      --use-vmac [NAME]    send from a macvlan with the RFC virtual MAC\n"
"      --v3-checksum-as-v2  VRRPv3 IPv4 checksum without pseudo-header\n"
"      --notify SCRIPT      run SCRIPT INSTANCE NAME STATE PRIORITY on changes\n"
"      --notify-master S, --notify-backup S, --notify-fault S, --notify-stop S\n"
"      --garp-repeat N      GARPs per VIP on becoming master, default 5\n"
"      --garp-delay S       second GARP burst after S seconds, default 5 (0: none)\n"
"      --garp-refresh S     repeat GARPs every S seconds while master\n"
"      --conflict-probe S   as master, ask every S seconds whether another host\n"
"                           answers for a VIP, default 10 (0: never)\n"
"      --notify-conflict S  run S INSTANCE NAME CONFLICT ADDR MAC when one does\n"
"daemon:\n"
"  -f, --config FILE        keepalived.conf (vrrp_instance blocks)\n"
"  -t, --test               check the configuration and exit\n"
"  -S, --socket PATH        control socket, default " VRRPD_SOCK_DEFAULT "\n"
"  -n, --foreground         do not detach\n"
"  -l, --log stderr|syslog  default: stderr in the foreground, else syslog\n"
"  -p, --pidfile PATH       write our pid there\n"
"      --config-id ID       keepalived's -i: which @ID lines of the file count\n"
"      --notify-fifo PATH   write event lines to this FIFO\n"
"      --script-timeout MS  kill notify scripts after MS, default 30000\n"
"      --metrics [ADDR:]PORT  serve Prometheus metrics at http://ADDR:PORT/metrics\n"
"                           (ADDR default 127.0.0.1; also global_defs\n"
"                           vrrpd_metrics_listen)\n"
"  -v, --verbose            debug logs\n"
"  -h, --help               this text\n"
"  -V, --version            print \"vrrpd VERSION\" and exit (--version\n"
"                           followed by 2 or 3 selects the VRRP version)\n";

enum {
	O_VRID = 256, O_PRIO, O_VIP, O_ADV, O_VERSION, O_VRRPVER, O_NAME, O_PEER, O_USRC,
	O_NONPEER, O_NOPREEMPT, O_PDELAY, O_AUTH, O_VMAC, O_CSUM, O_NOTIFY, O_NMASTER, O_NBACKUP,
	O_NFAULT, O_NSTOP, O_GREPEAT, O_GDELAY, O_GREFRESH, O_FIFO, O_STIMEOUT,
	O_CONFID, O_CONFLICT, O_NCONFLICT, O_METRICS,
};

static const struct option longopts[] = {
	{ "interface", required_argument, NULL, 'i' },
	{ "vrid", required_argument, NULL, O_VRID },
	{ "priority", required_argument, NULL, O_PRIO },
	{ "vip", required_argument, NULL, O_VIP },
	{ "advert-ms", required_argument, NULL, O_ADV },
	/* optional: alone it asks for the program's version (see O_VERSION) */
	{ "version", optional_argument, NULL, O_VERSION },
	{ "vrrp-version", required_argument, NULL, O_VRRPVER },
	{ "name", required_argument, NULL, O_NAME },
	{ "unicast-peer", required_argument, NULL, O_PEER },
	{ "unicast-src", required_argument, NULL, O_USRC },
	{ "accept-nonpeer", no_argument, NULL, O_NONPEER },
	{ "nopreempt", no_argument, NULL, O_NOPREEMPT },
	{ "preempt-delay", required_argument, NULL, O_PDELAY },
	{ "auth-pass", required_argument, NULL, O_AUTH },
	{ "use-vmac", optional_argument, NULL, O_VMAC },
	{ "v3-checksum-as-v2", no_argument, NULL, O_CSUM },
	{ "notify", required_argument, NULL, O_NOTIFY },
	{ "notify-master", required_argument, NULL, O_NMASTER },
	{ "notify-backup", required_argument, NULL, O_NBACKUP },
	{ "notify-fault", required_argument, NULL, O_NFAULT },
	{ "notify-stop", required_argument, NULL, O_NSTOP },
	{ "garp-repeat", required_argument, NULL, O_GREPEAT },
	{ "garp-delay", required_argument, NULL, O_GDELAY },
	{ "garp-refresh", required_argument, NULL, O_GREFRESH },
	{ "conflict-probe", required_argument, NULL, O_CONFLICT },
	{ "notify-conflict", required_argument, NULL, O_NCONFLICT },
	{ "config", required_argument, NULL, 'f' },
	{ "test", no_argument, NULL, 't' },
	{ "socket", required_argument, NULL, 'S' },
	{ "foreground", no_argument, NULL, 'n' },
	{ "log", required_argument, NULL, 'l' },
	{ "pidfile", required_argument, NULL, 'p' },
	{ "config-id", required_argument, NULL, O_CONFID },
	{ "notify-fifo", required_argument, NULL, O_FIFO },
	{ "script-timeout", required_argument, NULL, O_STIMEOUT },
	{ "metrics", required_argument, NULL, O_METRICS },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version-info", no_argument, NULL, 'V' },
	{ 0 },
};

#define ERR(...) do { snprintf(err, errlen, __VA_ARGS__); ret = -EINVAL; goto out; } while (0)

static int num(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int vrrpd_cli_parse(int argc, char **argv, struct vrrpd_opts *o, struct vrrpd_conf *c,
		    char *err, size_t errlen)
{
	struct vrrp_instance_conf ic;
	bool any_instance = false, version_set = false;
	const char *why;
	long v;
	int opt, ret = 0;

	memset(o, 0, sizeof(*o));
	vrrp_conf_init(&ic);
	optind = 0;		/* glibc: 0 re-initialises it all (a parse may stop early) */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":i:f:tS:nl:p:vhV", longopts, NULL)) != -1) {
		const char *a = optarg;

		if (opt == 'i' || (opt >= O_VRID && opt <= O_GREFRESH) || opt == O_CONFLICT ||
		    opt == O_NCONFLICT)
			any_instance = true;
		switch (opt) {
		case 'i':
			if (strlen(a) >= IF_NAMESIZE)
				ERR("-i %s: interface name too long", a);
			snprintf(ic.ifname, sizeof(ic.ifname), "%s", a);
			break;
		case O_VRID:
			if (num(a, 1, 255, &v))
				ERR("--vrid %s: not a number in 1-255", a);
			ic.vrid = (uint8_t)v;
			break;
		case O_PRIO:
			if (num(a, 1, 255, &v))
				ERR("--priority %s: not a number in 1-255", a);
			ic.priority = (uint8_t)v;
			break;
		case O_VIP: {
			struct vrrp_vip vip = { .scope = -1 };

			if (ipaddr_parse(a, &vip.addr, 0, &why) < 0)
				ERR("--vip %s: %s", a, why);
			if (vrrp_conf_add_vip(&ic, &vip) < 0)
				ERR("out of memory");
			break;
		}
		case O_ADV:
			if (num(a, 10, 255000, &v))
				ERR("--advert-ms %s: not a number in 10-255000", a);
			ic.adv_int_ms = (uint32_t)v;
			break;
		case O_VERSION:
			/* getopt binds an optional argument only as --version=N;
			 * "--version 3" (every script since 0.1 writes that) takes
			 * the next word when there is one and it is not an option.
			 * Alone or before an option: the program's version. */
			if (!a && optind < argc && argv[optind][0] != '-')
				a = argv[optind++];
			if (!a) {
				o->version = true;
				goto out;
			}
			/* fall through */
		case O_VRRPVER:
			if (num(a, 2, 3, &v))
				ERR("%s %s: 2 or 3", opt == O_VRRPVER ? "--vrrp-version" : "--version", a);
			ic.version = (uint8_t)v;
			version_set = true;
			break;
		case O_NAME:
			if (!a[0] || strlen(a) >= sizeof(ic.name))
				ERR("--name: 1 to %zu bytes", sizeof(ic.name) - 1);
			snprintf(ic.name, sizeof(ic.name), "%s", a);
			break;
		case O_PEER:
		case O_USRC: {
			struct ipaddr ad;

			if (ipaddr_parse(a, &ad, IPADDR_NOPREFIX, &why) < 0)
				ERR("--%s %s: %s", opt == O_PEER ? "unicast-peer" : "unicast-src", a, why);
			if (opt == O_USRC) {
				ic.unicast_src = ad;
				ic.has_unicast_src = true;
			} else if (vrrp_conf_add_peer(&ic, &ad) < 0) {
				ERR("out of memory");
			}
			break;
		}
		case O_NONPEER:
			ic.accept_nonpeer = true;
			break;
		case O_NOPREEMPT:
			ic.nopreempt = true;
			break;
		case O_PDELAY:
			if (num(a, 0, 1000, &v))
				ERR("--preempt-delay %s: seconds, 0-1000", a);
			ic.preempt_delay_ms = (uint32_t)v * 1000u;
			break;
		case O_AUTH:
			if (strlen(a) > VRRP_AUTH_LEN)
				ERR("--auth-pass: at most %d bytes", VRRP_AUTH_LEN);
			ic.auth_type = VRRP_AUTH_PASS;
			memset(ic.auth_pass, 0, sizeof(ic.auth_pass));
			memcpy(ic.auth_pass, a, strlen(a));
			break;
		case O_VMAC:
			ic.use_vmac = true;
			if (a) {
				if (strlen(a) >= IF_NAMESIZE)
					ERR("--use-vmac %s: name too long", a);
				snprintf(ic.vmac_ifname, sizeof(ic.vmac_ifname), "%s", a);
			}
			break;
		case O_CSUM:
			ic.v3_csum = PKT_CSUM_PLAIN;
			break;
		case O_NOTIFY:
		case O_NMASTER:
		case O_NBACKUP:
		case O_NFAULT:
		case O_NSTOP: {
			static const enum vrrp_script which[] = {
				[O_NOTIFY - O_NOTIFY] = VRRP_SCRIPT_ANY,
				[O_NMASTER - O_NOTIFY] = VRRP_SCRIPT_MASTER,
				[O_NBACKUP - O_NOTIFY] = VRRP_SCRIPT_BACKUP,
				[O_NFAULT - O_NOTIFY] = VRRP_SCRIPT_FAULT,
				[O_NSTOP - O_NOTIFY] = VRRP_SCRIPT_STOP,
			};
			if (vrrp_conf_set_script(&ic, which[opt - O_NOTIFY], a) < 0)
				ERR("out of memory");
			break;
		}
		case O_GREPEAT:
			if (num(a, 0, 100, &v))
				ERR("--garp-repeat %s: 0-100", a);
			ic.garp_master_repeat = (unsigned)v;
			break;
		case O_GDELAY:
			if (num(a, 0, 86400, &v))
				ERR("--garp-delay %s: seconds", a);
			ic.garp_master_delay_s = (unsigned)v;
			break;
		case O_GREFRESH:
			if (num(a, 0, 86400, &v))
				ERR("--garp-refresh %s: seconds", a);
			ic.garp_master_refresh_s = (unsigned)v;
			break;
		case O_CONFLICT:
			if (num(a, 0, 86400, &v))
				ERR("--conflict-probe %s: seconds", a);
			ic.conflict_probe_s = (unsigned)v;
			break;
		case O_NCONFLICT:
			if (vrrp_conf_set_script(&ic, VRRP_SCRIPT_CONFLICT, a) < 0)
				ERR("out of memory");
			break;
		case 'f':
			o->config = a;
			break;
		case 't':
			o->test = true;
			break;
		case 'S':
			o->sock = a;
			break;
		case 'n':
			o->foreground = true;
			break;
		case 'l':
			if (!strcmp(a, "stderr"))
				o->log = LOG_TO_STDERR;
			else if (!strcmp(a, "syslog"))
				o->log = LOG_TO_SYSLOG;
			else
				ERR("-l %s: stderr or syslog", a);
			o->log_set = true;
			break;
		case 'p':
			o->pidfile = a;
			break;
		case O_CONFID:
			if (conf_id_check(a) < 0)
				ERR("--config-id '%s': 1 to %d characters, no blank", a, CONF_ID_MAX);
			o->config_id = a;
			break;
		case O_FIFO:
			if (strlen(a) >= sizeof(c->notify_fifo))
				ERR("--notify-fifo: path too long");
			snprintf(c->notify_fifo, sizeof(c->notify_fifo), "%s", a);
			break;
		case O_METRICS:
			o->metrics = a;
			break;
		case O_STIMEOUT:
			if (num(a, 0, 86400000, &v))
				ERR("--script-timeout %s: milliseconds", a);
			c->script_timeout_ms = (unsigned)v;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'h':
			o->help = true;
			goto out;
		case 'V':
			o->version = true;
			goto out;
		case ':':
			ERR("%s needs an argument", argv[optind - 1]);
		default:
			ERR("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		ERR("unexpected argument '%s'", argv[optind]);
	if (o->config) {
		if (any_instance)
			ERR("-f and instance flags (-i, --vrid, --vip...) do not mix");
		goto out;
	}
	if (!any_instance)
		ERR("nothing to run: give -i IF --vrid N --vip ADDR, or -f FILE");
	if (!ic.ifname[0])
		ERR("missing -i IF");
	if (!ic.vrid)
		ERR("missing --vrid N");
	if (!ic.nvips)
		ERR("missing --vip ADDR");
	if (!version_set && ic.vips[0].addr.family == AF_INET && ic.adv_int_ms % 1000)
		ERR("--advert-ms %u needs --version 3 (VRRPv2 counts whole seconds)", ic.adv_int_ms);
	if (!ic.name[0])
		snprintf(ic.name, sizeof(ic.name), "vrid%u", ic.vrid);
	if (vrrpd_conf_add(c, &ic) < 0)
		ERR("out of memory");
out:
	vrrp_conf_free(&ic);
	return ret;
}
