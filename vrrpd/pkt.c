/*
 * pkt.c - VRRP advertisement build and parse (see pkt.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrpd/pkt.h"

static const char *const err_names[PKT_ERR_MAX] = {
	[PKT_OK] = "ok",
	[PKT_ERR_TTL] = "ttl",
	[PKT_ERR_VERSION] = "version",
	[PKT_ERR_LENGTH] = "length",
	[PKT_ERR_CHECKSUM] = "checksum",
	[PKT_ERR_TYPE] = "type",
	[PKT_ERR_INTERVAL] = "interval",
	[PKT_ERR_VRID] = "vrid",
	[PKT_ERR_AUTH] = "auth",
	[PKT_ERR_PEER] = "peer",
	[PKT_ERR_OWNER] = "owner",
	[PKT_ERR_FAMILY] = "family",
};

const char *pkt_err_name(enum pkt_err e)
{
	if ((unsigned)e >= PKT_ERR_MAX)
		return "?";
	return err_names[e];
}

static size_t alen(int family)
{
	return family == AF_INET6 ? 16 : 4;
}

/* the length a message with these facts must have */
static size_t msg_len(int version, int family, unsigned naddr)
{
	return VRRP_HDR_LEN + naddr * alen(family) + (version == 2 ? VRRP_AUTH_LEN : 0);
}

unsigned pkt_adv_int_cs(const struct vrrp_adv *a)
{
	return a->version == 2 ? a->adv_int * 100u : a->adv_int;
}

void pkt_addr(const struct vrrp_adv *a, unsigned i, struct ipaddr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = a->family;
	out->prefixlen = a->family == AF_INET6 ? 128 : 32;
	memcpy(out->bytes, a->addrs + i * alen(a->family), alen(a->family));
}

uint16_t pkt_checksum(const uint8_t *msg, size_t len, int family,
		      const struct ipaddr *src, const struct ipaddr *dst,
		      enum pkt_csum form)
{
	uint32_t sum = 0;

	if (form == PKT_CSUM_PSEUDO) {
		if (family == AF_INET6) {
			/* RFC 8200 8.1: src, dst, 32-bit length, 3 zero bytes, next header */
			uint8_t tail[8] = { 0 };

			tail[0] = (uint8_t)(len >> 24);
			tail[1] = (uint8_t)(len >> 16);
			tail[2] = (uint8_t)(len >> 8);
			tail[3] = (uint8_t)len;
			tail[7] = VRRP_PROTO;
			sum = inet_csum_add(sum, &src->v6, 16);
			sum = inet_csum_add(sum, &dst->v6, 16);
			sum = inet_csum_add(sum, tail, sizeof(tail));
		} else {
			/* the IPv4 pseudo-header of RFC 768/793: src, dst, 0, proto, length */
			uint8_t tail[4] = { 0, VRRP_PROTO, (uint8_t)(len >> 8), (uint8_t)len };

			sum = inet_csum_add(sum, &src->v4, 4);
			sum = inet_csum_add(sum, &dst->v4, 4);
			sum = inet_csum_add(sum, tail, sizeof(tail));
		}
	}
	/* the checksum field counts as zero: sum around it */
	sum = inet_csum_add(sum, msg, 6);
	if (len > 8)
		sum = inet_csum_add(sum, msg + 8, len - 8);
	return inet_csum_fold(sum);
}

int pkt_build(uint8_t *buf, size_t buflen, const struct vrrp_adv *a,
	      const struct ipaddr *src, const struct ipaddr *dst)
{
	size_t len, al = alen(a->family);
	enum pkt_csum form;
	uint16_t c;

	if ((a->version != 2 && a->version != 3) ||
	    (a->family != AF_INET && a->family != AF_INET6) ||
	    (a->version == 2 && a->family != AF_INET))
		return -EINVAL;
	if (a->version == 3 && (a->adv_int == 0 || a->adv_int > VRRP_V3_MAX_INT_CS))
		return -EINVAL;
	len = msg_len(a->version, a->family, a->naddr);
	if (len > buflen)
		return -ENOSPC;
	memset(buf, 0, len);
	buf[0] = (uint8_t)(a->version << 4 | VRRP_TYPE_ADVERT);
	buf[1] = a->vrid;
	buf[2] = a->prio;
	buf[3] = a->naddr;
	if (a->version == 2) {
		buf[4] = a->auth_type;
		buf[5] = (uint8_t)a->adv_int;
	} else {
		/* RFC 5798 5.2.5: 4 reserved bits zero, 12-bit interval */
		buf[4] = (uint8_t)((a->adv_int >> 8) & 0x0f);
		buf[5] = (uint8_t)a->adv_int;
	}
	if (a->naddr)
		memcpy(buf + VRRP_HDR_LEN, a->addrs, a->naddr * al);
	if (a->version == 2)
		memcpy(buf + VRRP_HDR_LEN + a->naddr * al, a->auth, VRRP_AUTH_LEN);

	if (a->version == 2)
		form = PKT_CSUM_PLAIN;
	else if (a->family == AF_INET6)
		form = PKT_CSUM_PSEUDO;
	else
		form = a->csum_form == PKT_CSUM_PLAIN ? PKT_CSUM_PLAIN : PKT_CSUM_PSEUDO;
	c = pkt_checksum(buf, len, a->family, src, dst, form);
	buf[6] = (uint8_t)(c >> 8);
	buf[7] = (uint8_t)c;
	return (int)len;
}

enum pkt_err pkt_parse(const uint8_t *msg, size_t len, const struct pkt_ip *ip,
		       bool need_ttl, struct vrrp_adv *out, const char **why)
{
	static const char *dummy;
	size_t want;

	if (!why)
		why = &dummy;
	memset(out, 0, sizeof(*out));
	out->family = ip->family;
	/* RFC 5798 7.1 order: TTL, version, length, checksum, then the rest */
	if (need_ttl && ip->ttl != 255) {
		*why = "TTL / hop limit is not 255";
		return PKT_ERR_TTL;
	}
	if (len < VRRP_HDR_LEN) {
		*why = "shorter than a VRRP header";
		return PKT_ERR_LENGTH;
	}
	out->version = msg[0] >> 4;
	out->type = msg[0] & 0x0f;
	out->vrid = msg[1];
	out->prio = msg[2];
	out->naddr = msg[3];
	out->csum = (uint16_t)(msg[6] << 8 | msg[7]);
	if (out->version != 2 && out->version != 3) {
		*why = "version is neither 2 nor 3";
		return PKT_ERR_VERSION;
	}
	if (out->version == 2 && ip->family != AF_INET) {
		*why = "VRRPv2 over IPv6";
		return PKT_ERR_FAMILY;
	}
	if (out->version == 2) {
		out->auth_type = msg[4];
		out->adv_int = msg[5];
	} else {
		/* mask the reserved nibble: FRR < 10.7 did not */
		out->adv_int = (uint16_t)((msg[4] & 0x0f) << 8 | msg[5]);
	}
	want = msg_len(out->version, ip->family, out->naddr);
	if (len < want) {
		*why = "shorter than its address count says";
		return PKT_ERR_LENGTH;
	}
	if (len > want) {
		*why = "longer than its address count says";
		return PKT_ERR_LENGTH;
	}
	if (out->version == 2) {
		if (pkt_checksum(msg, len, ip->family, &ip->src, &ip->dst, PKT_CSUM_PLAIN) != out->csum) {
			*why = "bad VRRPv2 checksum";
			return PKT_ERR_CHECKSUM;
		}
		out->csum_form = PKT_CSUM_PLAIN;
		memcpy(out->auth, msg + want - VRRP_AUTH_LEN, VRRP_AUTH_LEN);
	} else if (ip->family == AF_INET6) {
		if (pkt_checksum(msg, len, ip->family, &ip->src, &ip->dst, PKT_CSUM_PSEUDO) != out->csum) {
			*why = "bad VRRPv3 checksum (IPv6 pseudo-header)";
			return PKT_ERR_CHECKSUM;
		}
		out->csum_form = PKT_CSUM_PSEUDO;
	} else {
		/* either IPv4 form: keepalived/FRR (pseudo-header) or RFC 9568 (plain) */
		if (pkt_checksum(msg, len, ip->family, &ip->src, &ip->dst, PKT_CSUM_PSEUDO) == out->csum)
			out->csum_form = PKT_CSUM_PSEUDO;
		else if (pkt_checksum(msg, len, ip->family, &ip->src, &ip->dst, PKT_CSUM_PLAIN) == out->csum)
			out->csum_form = PKT_CSUM_PLAIN;
		else {
			*why = "bad VRRPv3 checksum (neither with nor without the IPv4 pseudo-header)";
			return PKT_ERR_CHECKSUM;
		}
	}
	if (out->type != VRRP_TYPE_ADVERT) {
		*why = "type is not ADVERTISEMENT";
		return PKT_ERR_TYPE;
	}
	if (out->version == 3 && out->adv_int == 0) {
		*why = "Max Adver Int is 0";
		return PKT_ERR_INTERVAL;
	}
	if (out->version == 2 && out->adv_int == 0) {
		*why = "Adver Int is 0";
		return PKT_ERR_INTERVAL;
	}
	out->addrs = msg + VRRP_HDR_LEN;
	*why = "";
	return PKT_OK;
}

enum pkt_err pkt_parse_ip4(const uint8_t *buf, size_t len, struct pkt_ip *ip,
			   size_t *off, size_t *msglen, const char **why)
{
	static const char *dummy;
	size_t hl, tot;

	if (!why)
		why = &dummy;
	if (len < 20 || (buf[0] >> 4) != 4) {
		*why = "not an IPv4 header";
		return PKT_ERR_FAMILY;
	}
	hl = (size_t)(buf[0] & 0x0f) * 4;
	tot = (size_t)(buf[2] << 8 | buf[3]);
	if (hl < 20 || hl > len || tot < hl || tot > len) {
		*why = "IPv4 header or total length inconsistent";
		return PKT_ERR_LENGTH;
	}
	if (buf[9] != VRRP_PROTO) {
		*why = "not protocol 112";
		return PKT_ERR_FAMILY;
	}
	memset(ip, 0, sizeof(*ip));
	ip->family = AF_INET;
	ip->ttl = buf[8];
	ip->src.family = ip->dst.family = AF_INET;
	ip->src.prefixlen = ip->dst.prefixlen = 32;
	memcpy(&ip->src.v4, buf + 12, 4);
	memcpy(&ip->dst.v4, buf + 16, 4);
	*off = hl;
	*msglen = tot - hl;
	return PKT_OK;
}
