/*
 * probe.c - "does anybody else answer for this address?"
 *
 * The probes and what counts as an answer are common/probe.h's.  This is
 * the split-brain test: run on the master, it tells whether another host
 * is answering for the VIP too.
 *
 * Three probes are spread over the first two thirds of the timeout (RFC 5227
 * sends three too, with a longer spacing a command line cannot afford), and
 * we listen until the timeout.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "common/json.h"
#include "common/log.h"
#include "common/packet.h"
#include "common/probe.h"
#include "vipctl/vipctl.h"

#define PROBES 3
#define MAX_HOLDERS 16

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int op_probe(struct vipctl *v)
{
	const struct ipaddr *a = &v->cmd->addr;
	uint8_t holders[MAX_HOLDERS][6], mac[6], probe[PROBE_FRAME_MAX], buf[2048];
	char m[MAC_STRLEN];
	int nholders = 0, sent = 0, fd, ret;
	struct link_info li;
	size_t plen;
	long start, deadline;

	if ((ret = vip_link(v, "probe", v->cmd->dev, &li)))
		return ret;
	if (li.maclen != 6) {
		log_warnx("unable to probe %s on %s: not an Ethernet interface",
			  v->addr_str, li.name);
		return EXIT_USAGE;
	}
	if (!(li.flags & 1 /* IFF_UP */)) {
		log_warnx("unable to probe %s on %s: the interface is down", v->addr_str, li.name);
		return EXIT_KERNEL;
	}
	plen = probe_build(probe, a, li.mac);
	fd = packet_open(li.ifindex, probe_ethertype(a->family));
	if (fd < 0)
		return vip_fail(v, "probe", li.name, fd);

	start = now_ms();
	deadline = start + v->cmd->timeout_ms;
	for (;;) {
		long now = now_ms(), next;
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		if (sent < PROBES && now >= start + (long)sent * v->cmd->timeout_ms / PROBES * 2 / 3) {
			ret = packet_send(fd, li.ifindex, probe, plen);
			if (ret < 0) {
				close(fd);
				return vip_fail(v, "probe", li.name, ret);
			}
			sent++;
			continue;
		}
		if (now >= deadline)
			break;
		next = deadline;
		if (sent < PROBES) {
			long due = start + (long)sent * v->cmd->timeout_ms / PROBES * 2 / 3;

			if (due < next)
				next = due;
		}
		if (poll(&pfd, 1, (int)(next - now)) <= 0)
			continue;
		for (;;) {
			long n = packet_recv(fd, buf, sizeof(buf));
			bool known = false;

			if (n <= 0)
				break;
			if (!probe_holder(buf, (size_t)n, a, li.mac, mac))
				continue;
			for (int i = 0; i < nholders; i++)
				known |= memcmp(holders[i], mac, 6) == 0;
			if (!known && nholders < MAX_HOLDERS)
				memcpy(holders[nholders++], mac, 6);
		}
	}
	close(fd);

	if (v->cmd->json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j);
		json_kv_str(&j, "address", v->addr_str);
		json_kv_str(&j, "ifname", li.name);
		json_kv_bool(&j, "answered", nholders > 0);
		json_key(&j, "holders");
		json_arr_begin(&j);
		for (int i = 0; i < nholders; i++)
			json_str(&j, mac_fmt(holders[i], m));
		json_arr_end(&j);
		json_obj_end(&j);
	} else {
		for (int i = 0; i < nholders; i++)
			printf("%s is answered by %s on %s\n", v->addr_str, mac_fmt(holders[i], m),
			       li.name);
		if (!nholders && v->cmd->verbose)
			log_info("nobody else answers for %s on %s (%d ms)", v->addr_str,
				 li.name, v->cmd->timeout_ms);
	}
	return nholders ? EXIT_NO : EXIT_YES;
}
