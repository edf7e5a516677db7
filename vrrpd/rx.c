/*
 * rx.c - what an instance does with a parsed advert (instance.h): the
 * checks beyond the packet itself (version, family, unicast peer, v2
 * authentication and interval, owner), the counters per reason with a
 * rate-limited log line, then the state machine.
 */
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "vrrpd/instance.h"
#include "vrrpd/instance_priv.h"

static size_t alen(const struct vrrp_instance *in)
{
	return in->conf.family == AF_INET6 ? 16 : 4;
}

void vrrp_instance_drop(struct vrrp_instance *in, enum pkt_err e,
			const struct pkt_ip *ip, const char *why)
{
	char buf[IPADDR_STRLEN];
	uint64_t now = loop_now_us();

	in->st.rx_drop[e]++;
	if (now < in->log_quiet_until_us) {
		in->log_suppressed++;
		return;
	}
	log_warnx(TAG "dropped an advert from %s: %s (%s)%s", TAGV(in),
		  ipaddr_fmt(&ip->src, buf, sizeof(buf), false), pkt_err_name(e), why,
		  in->log_suppressed ? "; more drops not logged for 10 s" : "");
	in->log_suppressed = 0;
	in->log_quiet_until_us = now + LOG_QUIET_US;
}

/* constant time: the time taken does not tell how many bytes matched */
static bool same_pass(const uint8_t *a, const char *b)
{
	unsigned d = 0;

	for (int i = 0; i < VRRP_AUTH_LEN; i++)
		d |= (unsigned)(a[i] ^ (uint8_t)b[i]);
	return d == 0;
}

static bool addrs_match(const struct vrrp_instance *in, const struct vrrp_adv *adv)
{
	size_t l = alen(in);

	if (adv->naddr != in->conf.nvips)
		return false;
	for (unsigned i = 0; i < adv->naddr; i++) {
		bool found = false;

		for (unsigned j = 0; j < in->conf.nvips && !found; j++)
			found = !memcmp(adv->addrs + i * l, in->adv_addrs + j * l, l);
		if (!found)
			return false;
	}
	return true;
}

void vrrp_instance_rx(struct vrrp_instance *in, const struct vrrp_adv *adv,
		      const struct pkt_ip *ip)
{
	struct fsm_rx rx;
	char why[64];

	if (adv->version != in->conf.version) {
		snprintf(why, sizeof(why), "version %u, ours is %u", adv->version, in->conf.version);
		vrrp_instance_drop(in, PKT_ERR_VERSION, ip, why);
		return;
	}
	if (adv->family != in->conf.family) {
		vrrp_instance_drop(in, PKT_ERR_FAMILY, ip, "address family");
		return;
	}
	if (in->conf.npeers && !in->conf.accept_nonpeer) {
		bool peer = false;

		for (unsigned i = 0; i < in->conf.npeers && !peer; i++)
			peer = ipaddr_same(&in->conf.peers[i], &ip->src);
		if (!peer) {
			vrrp_instance_drop(in, PKT_ERR_PEER, ip, "not a unicast_peer");
			return;
		}
	}
	if (adv->version == 2) {
		if (adv->auth_type != in->conf.auth_type) {
			snprintf(why, sizeof(why), "auth type %u, ours is %u", adv->auth_type,
				 in->conf.auth_type);
			vrrp_instance_drop(in, PKT_ERR_AUTH, ip, why);
			return;
		}
		if (in->conf.auth_type == VRRP_AUTH_PASS &&
		    !same_pass(adv->auth, in->conf.auth_pass)) {
			vrrp_instance_drop(in, PKT_ERR_AUTH, ip, "wrong password");
			return;
		}
		/* RFC 3768 7.1: the interval must be ours */
		if (adv->adv_int * 1000u != in->conf.adv_int_ms) {
			snprintf(why, sizeof(why), "interval %u s, ours is %u s", adv->adv_int,
				 in->conf.adv_int_ms / 1000);
			vrrp_instance_drop(in, PKT_ERR_INTERVAL, ip, why);
			return;
		}
	}
	if (in->vr.base_prio == 255) {
		/* RFC 5798 7.1: the owner discards adverts (priority 0 included) */
		in->st.rx_drop[PKT_ERR_OWNER]++;
		return;
	}
	if (adv->csum_form == PKT_CSUM_PLAIN) {
		in->st.rx_csum_plain++;
		snprintf(in->last_csum, sizeof(in->last_csum), "plain");
	} else {
		in->st.rx_csum_pseudo++;
		snprintf(in->last_csum, sizeof(in->last_csum), "pseudo");
	}
	/* RFC 9568 7.1: a different address list is logged and counted, and
	 * the advert still processed */
	if (!addrs_match(in, adv)) {
		in->st.rx_addr_mismatch++;
		if (loop_now_us() >= in->log_quiet_until_us) {
			char buf[IPADDR_STRLEN];

			log_warnx(TAG "advert from %s lists other addresses than ours", TAGV(in),
				  ipaddr_fmt(&ip->src, buf, sizeof(buf), false));
			in->log_quiet_until_us = loop_now_us() + LOG_QUIET_US;
		}
	}
	rx.prio = adv->prio;
	rx.adv_int_cs = (uint16_t)pkt_adv_int_cs(adv);
	rx.src = ip->src;
	fsm_event(&in->vr, FSM_EV_ADVERT, &rx);
}
