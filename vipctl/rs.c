/*
 * rs.c - `vipctl rs-add` and `rs-del`: a real server's side of LVS-DR
 * (rs.h has the model).  Order matters: on add the ARP knobs are set before
 * the address appears, on delete they are restored after it is gone, so at
 * no moment does the real server answer ARP for the VIP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "vipctl/rs.h"
#include "vipctl/vipctl.h"

#define RS_DIR "/run/vipctl"

static const struct {
	const char *knob;
	int value;
} arp_knobs[] = {
	{ "arp_ignore", 1 },
	{ "arp_announce", 2 },
};

/* One state file per network namespace: namespaces share /run. */
static int state_path(char *buf, size_t len)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st) < 0)
		return -errno;
	snprintf(buf, len, "%s/rs-%llu.state", RS_DIR, (unsigned long long)st.st_ino);
	return 0;
}

/* Open and lock this namespace's state file (its name into path) and read
 * it.  The fd, or an exit code as a negative number. */
static int state_open(char *path, size_t len, struct rs_state *st)
{
	char text[32768];
	ssize_t n;
	int fd, bad;

	if ((fd = state_path(path, len)) < 0) {
		log_warnx("unable to identify the network namespace: %s", strerror(-fd));
		return -EXIT_KERNEL;
	}

	if (mkdir(RS_DIR, 0755) < 0 && errno != EEXIST) {
		log_warn("unable to create %s", RS_DIR);
		return -EXIT_KERNEL;
	}
	/* the last rs-del unlinks the file under the lock: a file we locked
	 * that is no longer the one at path is stale, and we start again */
	for (int tries = 0;; tries++) {
		struct stat a, b;

		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0 || flock(fd, LOCK_EX) < 0) {
			log_warn("unable to open %s", path);
			if (fd >= 0)
				close(fd);
			return -EXIT_KERNEL;
		}
		if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev)
			break;
		close(fd);
		if (tries == 100) {
			log_warnx("unable to lock %s: it keeps being replaced", path);
			return -EXIT_KERNEL;
		}
	}
	n = read(fd, text, sizeof(text) - 1);
	if (n < 0 || n == (ssize_t)sizeof(text) - 1) {
		log_warnx("unable to read %s", path);
		close(fd);
		return -EXIT_KERNEL;
	}
	text[n] = '\0';
	if (rs_state_parse(text, st, &bad) < 0) {
		log_warnx("%s:%d: not a state file of vipctl rs-add", path, bad);
		close(fd);
		return -EXIT_CONFIG;
	}
	return fd;
}

static int state_save(int fd, const char *path, const struct rs_state *st)
{
	char text[32768];
	int n = rs_state_format(st, text, sizeof(text));

	if (n < 0 || ftruncate(fd, 0) < 0 || pwrite(fd, text, (size_t)n, 0) != n) {
		log_warn("unable to write %s", path);
		return EXIT_KERNEL;
	}
	return 0;
}

static int sysctl_read(const char *path, int *val)
{
	FILE *f = fopen(path, "re");
	int ok;

	if (!f)
		return -errno;
	ok = fscanf(f, "%d", val) == 1;
	fclose(f);
	return ok ? 0 : -EINVAL;
}

static int sysctl_write(const char *path, int val)
{
	char buf[16];
	int fd = open(path, O_WRONLY | O_CLOEXEC), n, ret = 0;

	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%d\n", val);
	ssize_t w = write(fd, buf, (size_t)n);
	if (w != n)
		ret = w < 0 ? -errno : -EIO;
	close(fd);
	return ret;
}

/* Set one ARP knob on one interface ("all" too), recording its old value. */
static int set_knob(struct rs_state *st, const char *ifname, const char *knob, int want)
{
	char path[RS_PATH_MAX];
	int cur, ret;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname, knob);
	ret = sysctl_read(path, &cur);
	if (ret == -ENOENT) {
		log_warnx("unable to set %s on %s: no such interface", knob, ifname);
		return EXIT_KERNEL;
	}
	if (ret < 0) {
		log_warnx("unable to read %s: %s", path, strerror(-ret));
		return exitcode_for_errno(ret);
	}
	if (rs_state_add_sysctl(st, path, cur, want) < 0) {
		log_warnx("unable to record %s: too many settings", path);
		return EXIT_KERNEL;
	}
	if (cur == want)
		return 0;
	if ((ret = sysctl_write(path, want)) < 0) {
		log_warnx("unable to set %s to %d: %s", path, want, strerror(-ret));
		return exitcode_for_errno(ret);
	}
	log_debug("%s: %d -> %d", path, cur, want);
	return 0;
}

/* Put back what the first rs-add found, where nobody changed it since. */
static void restore_knobs(const struct rs_state *st)
{
	for (size_t i = 0; i < st->nsysctls; i++) {
		const struct rs_sysctl *s = &st->sysctls[i];
		int cur, ret;

		if (sysctl_read(s->path, &cur) < 0)
			continue;	/* the interface is gone */
		if (cur != s->new_val) {
			log_info("%s is %d, not the %d rs-add set: left as it is", s->path, cur,
				 s->new_val);
			continue;
		}
		if (cur != s->old_val && (ret = sysctl_write(s->path, s->old_val)) < 0)
			log_warnx("unable to restore %s to %d: %s", s->path, s->old_val,
				  strerror(-ret));
	}
}

/* one command at a time, also in a batch */
static struct rs_state state;

int op_rs_add(struct vipctl *v)
{
	const struct vip_cmd *c = v->cmd;
	char path[128], addr[IPADDR_STRLEN];
	struct rs_state *st = &state;
	struct link_info li;
	int fd, ret;

	if ((ret = vip_link(v, "add", c->dev ? c->dev : "lo", &li)))
		return ret;
	if ((fd = state_open(path, sizeof(path), st)) < 0)
		return -fd;
	if (c->addr.family == AF_INET) {
		for (size_t k = 0; k < sizeof(arp_knobs) / sizeof(arp_knobs[0]); k++) {
			if (c->n_arp == 0)
				ret = set_knob(st, "all", arp_knobs[k].knob, arp_knobs[k].value);
			for (int i = 0; !ret && i < c->n_arp; i++)
				ret = set_knob(st, c->arp_devs[i], arp_knobs[k].knob, arp_knobs[k].value);
			if (!ret)
				ret = set_knob(st, li.name, arp_knobs[k].knob, arp_knobs[k].value);
			if (ret)
				break;
		}
	}
	if (!ret)
		ret = vip_do_add(v, &li, &c->addr);
	ipaddr_fmt(&c->addr, addr, sizeof(addr), true);
	if (!ret && rs_state_add_vip(st, addr, li.name) < 0) {
		log_warnx("unable to record %s: too many VIPs", addr);
		ret = EXIT_KERNEL;
	}
	if (ret && st->nvips == 0) {
		restore_knobs(st);	/* nothing held: undo what this call set */
		unlink(path);
	} else {
		int sret = state_save(fd, path, st);

		ret = ret ? ret : sret;
	}
	close(fd);
	if (!ret && c->verbose)
		log_info("%s on %s for LVS-DR: ARP answered only by the director", addr, li.name);
	return ret;
}

int op_rs_del(struct vipctl *v)
{
	const struct vip_cmd *c = v->cmd;
	char path[128], addr[IPADDR_STRLEN];
	const char *dev;
	struct rs_state *st = &state;
	struct link_info li;
	int fd, ret;

	if ((fd = state_open(path, sizeof(path), st)) < 0)
		return -fd;
	ipaddr_fmt(&c->addr, addr, sizeof(addr), true);
	/* without "dev", the interface rs-add put it on */
	dev = c->dev ? c->dev : "lo";
	for (size_t i = 0; !c->dev && i < st->nvips; i++)
		if (strcmp(st->vips[i].addr, addr) == 0)
			dev = st->vips[i].dev;
	ret = vip_link(v, "delete", dev, &li);
	if (ret == 0)
		ret = vip_do_del(v, &li, &c->addr);
	if (ret == 0) {
		rs_state_del_vip(st, addr);
		if (st->nvips == 0) {
			restore_knobs(st);
			unlink(path);
		} else {
			ret = state_save(fd, path, st);
		}
	}
	close(fd);
	return ret;
}
