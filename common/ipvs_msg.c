/* ipvs_msg.c - building IPVS requests and parsing replies (pure). */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "common/genl.h"
#include "common/ipvs.h"

const char *const ipvs_schedulers[] = {
	"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq",
	"fo", "ovf", "mh", NULL,
};

static void put_addr(struct nlmsghdr *nlh, uint16_t type, const uint8_t addr[16])
{
	mnl_attr_put(nlh, type, 16, addr);
}

/* identifying fields, plus the settings when full (NEW/SET) */
static void put_service(struct nlmsghdr *nlh, const struct ipvs_service *s, bool full)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, IPVS_CMD_ATTR_SERVICE);
	struct ip_vs_flags fl;

	mnl_attr_put_u16(nlh, IPVS_SVC_ATTR_AF, (uint16_t)s->af);
	if (s->fwmark) {
		mnl_attr_put_u32(nlh, IPVS_SVC_ATTR_FWMARK, s->fwmark);
	} else {
		mnl_attr_put_u16(nlh, IPVS_SVC_ATTR_PROTOCOL, s->protocol);
		put_addr(nlh, IPVS_SVC_ATTR_ADDR, s->addr);
		mnl_attr_put_u16(nlh, IPVS_SVC_ATTR_PORT, htons(s->port));
	}
	if (full) {
		mnl_attr_put_strz(nlh, IPVS_SVC_ATTR_SCHED_NAME, s->sched[0] ? s->sched : "wlc");
		if (s->pe[0])
			mnl_attr_put_strz(nlh, IPVS_SVC_ATTR_PE_NAME, s->pe);
		fl.flags = s->flags;
		fl.mask = ~0u;
		mnl_attr_put(nlh, IPVS_SVC_ATTR_FLAGS, sizeof(fl), &fl);
		mnl_attr_put_u32(nlh, IPVS_SVC_ATTR_TIMEOUT, s->timeout);
		mnl_attr_put_u32(nlh, IPVS_SVC_ATTR_NETMASK, s->netmask);
	}
	mnl_attr_nest_end(nlh, nest);
}

static void put_dest(struct nlmsghdr *nlh, const struct ipvs_dest *d, int svc_af, bool full)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, IPVS_CMD_ATTR_DEST);
	int af = d->af ? d->af : svc_af;

	put_addr(nlh, IPVS_DEST_ATTR_ADDR, d->addr);
	mnl_attr_put_u16(nlh, IPVS_DEST_ATTR_PORT, htons(d->port));
	mnl_attr_put_u16(nlh, IPVS_DEST_ATTR_ADDR_FAMILY, (uint16_t)af);
	if (full) {
		mnl_attr_put_u32(nlh, IPVS_DEST_ATTR_FWD_METHOD, d->fwd & IP_VS_CONN_F_FWD_MASK);
		mnl_attr_put_u32(nlh, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight);
		mnl_attr_put_u32(nlh, IPVS_DEST_ATTR_U_THRESH, d->u_thresh);
		mnl_attr_put_u32(nlh, IPVS_DEST_ATTR_L_THRESH, d->l_thresh);
		/* as keepalived: tunnel attributes only where they mean something */
		if ((d->fwd & IP_VS_CONN_F_FWD_MASK) == IP_VS_CONN_F_TUNNEL) {
			mnl_attr_put_u8(nlh, IPVS_DEST_ATTR_TUN_TYPE, d->tun_type);
			if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE)
				mnl_attr_put_u16(nlh, IPVS_DEST_ATTR_TUN_PORT, htons(d->tun_port));
			if (d->tun_type != IP_VS_CONN_F_TUNNEL_TYPE_IPIP)
				mnl_attr_put_u16(nlh, IPVS_DEST_ATTR_TUN_FLAGS, d->tun_flags);
		}
	}
	mnl_attr_nest_end(nlh, nest);
}

static void put_daemon(struct nlmsghdr *nlh, const struct ipvs_daemon *d, bool full)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, IPVS_CMD_ATTR_DAEMON);

	mnl_attr_put_u32(nlh, IPVS_DAEMON_ATTR_STATE, d->state);
	if (full) {
		mnl_attr_put_strz(nlh, IPVS_DAEMON_ATTR_MCAST_IFN, d->ifname);
		mnl_attr_put_u32(nlh, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
		if (d->maxlen)
			mnl_attr_put_u16(nlh, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->maxlen);
		if (d->group_af == AF_INET)
			mnl_attr_put(nlh, IPVS_DAEMON_ATTR_MCAST_GROUP, 4, d->group);
		else if (d->group_af == AF_INET6)
			mnl_attr_put(nlh, IPVS_DAEMON_ATTR_MCAST_GROUP6, 16, d->group);
		if (d->port)
			mnl_attr_put_u16(nlh, IPVS_DAEMON_ATTR_MCAST_PORT, d->port);
		if (d->ttl)
			mnl_attr_put_u8(nlh, IPVS_DAEMON_ATTR_MCAST_TTL, d->ttl);
	}
	mnl_attr_nest_end(nlh, nest);
}

struct nlmsghdr *ipvs_build(void *buf, uint16_t family, const struct ipvs_op *op)
{
	uint16_t flags = 0;
	struct nlmsghdr *nlh;

	switch (op->cmd) {
	case IPVS_CMD_GET_SERVICE:
		if (!op->has_svc)
			flags = NLM_F_DUMP;
		break;
	case IPVS_CMD_GET_DEST:
	case IPVS_CMD_GET_DAEMON:
		flags = NLM_F_DUMP;
		break;
	case IPVS_CMD_NEW_SERVICE: case IPVS_CMD_SET_SERVICE: case IPVS_CMD_DEL_SERVICE:
	case IPVS_CMD_NEW_DEST: case IPVS_CMD_SET_DEST: case IPVS_CMD_DEL_DEST:
	case IPVS_CMD_NEW_DAEMON: case IPVS_CMD_DEL_DAEMON:
	case IPVS_CMD_SET_CONFIG: case IPVS_CMD_GET_CONFIG: case IPVS_CMD_GET_INFO:
	case IPVS_CMD_ZERO: case IPVS_CMD_FLUSH:
		break;
	default:
		return NULL;
	}
	memset(buf, 0, IPVS_MSG_MAX);
	nlh = genl_msg(buf, family, op->cmd, IPVS_GENL_VERSION, flags);
	switch (op->cmd) {
	case IPVS_CMD_NEW_SERVICE:
	case IPVS_CMD_SET_SERVICE:
		put_service(nlh, &op->svc, true);
		break;
	case IPVS_CMD_DEL_SERVICE:
	case IPVS_CMD_GET_DEST:
		put_service(nlh, &op->svc, false);
		break;
	case IPVS_CMD_GET_SERVICE:
	case IPVS_CMD_ZERO:
		if (op->has_svc)
			put_service(nlh, &op->svc, false);
		break;
	case IPVS_CMD_NEW_DEST:
	case IPVS_CMD_SET_DEST:
	case IPVS_CMD_DEL_DEST:
		put_service(nlh, &op->svc, false);
		put_dest(nlh, &op->dest, op->svc.af, op->cmd != IPVS_CMD_DEL_DEST);
		break;
	case IPVS_CMD_NEW_DAEMON:
	case IPVS_CMD_DEL_DAEMON:
		put_daemon(nlh, &op->daemon, op->cmd == IPVS_CMD_NEW_DAEMON);
		break;
	case IPVS_CMD_SET_CONFIG:
		if (op->timeouts.tcp)
			mnl_attr_put_u32(nlh, IPVS_CMD_ATTR_TIMEOUT_TCP, op->timeouts.tcp);
		if (op->timeouts.tcp_fin)
			mnl_attr_put_u32(nlh, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, op->timeouts.tcp_fin);
		if (op->timeouts.udp)
			mnl_attr_put_u32(nlh, IPVS_CMD_ATTR_TIMEOUT_UDP, op->timeouts.udp);
		break;
	default:
		break;
	}
	return nlh;
}

/* ---- parsing ---------------------------------------------------------------- */

#define MAXATTR 32

struct attrs {
	const struct nlattr *a[MAXATTR];
};

static int collect(const struct nlattr *attr, void *data)
{
	struct attrs *t = data;
	int type = mnl_attr_get_type(attr);

	if (type > 0 && type < MAXATTR)
		t->a[type] = attr;	/* unknown types are skipped by the callers */
	return MNL_CB_OK;
}

static int top_attrs(const struct nlmsghdr *nlh, struct attrs *t)
{
	memset(t, 0, sizeof(*t));
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct genlmsghdr)))
		return -EINVAL;
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), collect, t) < 0)
		return -EINVAL;
	return 0;
}

static int nested(const struct nlattr *nest, struct attrs *t)
{
	memset(t, 0, sizeof(*t));
	if (!nest || mnl_attr_parse_nested(nest, collect, t) < 0)
		return -EINVAL;
	return 0;
}

static bool ok_len(const struct nlattr *a, size_t len)
{
	return a && mnl_attr_get_payload_len(a) >= len;
}

static uint16_t get16(const struct nlattr *a)
{
	uint16_t v = 0;

	if (ok_len(a, 2))
		memcpy(&v, mnl_attr_get_payload(a), 2);
	return v;
}

static uint32_t get32(const struct nlattr *a)
{
	uint32_t v = 0;

	if (ok_len(a, 4))
		memcpy(&v, mnl_attr_get_payload(a), 4);
	return v;
}

static uint64_t get64(const struct nlattr *a)
{
	uint64_t v = 0;

	if (ok_len(a, 8))
		memcpy(&v, mnl_attr_get_payload(a), 8);
	else if (ok_len(a, 4))
		v = get32(a);
	return v;
}

static void get_str(const struct nlattr *a, char *dst, size_t len)
{
	size_t n;

	dst[0] = '\0';
	if (!a)
		return;
	n = mnl_attr_get_payload_len(a);
	if (n >= len)
		n = len - 1;
	memcpy(dst, mnl_attr_get_payload(a), n);
	dst[n] = '\0';
	dst[strnlen(dst, n)] = '\0';
}

static void get_addr(const struct nlattr *a, uint8_t out[16])
{
	size_t n;

	memset(out, 0, 16);
	if (!a)
		return;
	n = mnl_attr_get_payload_len(a);
	memcpy(out, mnl_attr_get_payload(a), n > 16 ? 16 : n);
}

/* STATS64 when present (all u64), else the legacy STATS (mostly u32) */
static void get_stats(const struct nlattr *s64, const struct nlattr *s32, struct ipvs_stats *st)
{
	struct attrs t;

	memset(st, 0, sizeof(*st));
	if (nested(s64 ? s64 : s32, &t) < 0)
		return;
	st->conns = get64(t.a[IPVS_STATS_ATTR_CONNS]);
	st->inpkts = get64(t.a[IPVS_STATS_ATTR_INPKTS]);
	st->outpkts = get64(t.a[IPVS_STATS_ATTR_OUTPKTS]);
	st->inbytes = get64(t.a[IPVS_STATS_ATTR_INBYTES]);
	st->outbytes = get64(t.a[IPVS_STATS_ATTR_OUTBYTES]);
	st->cps = get64(t.a[IPVS_STATS_ATTR_CPS]);
	st->inpps = get64(t.a[IPVS_STATS_ATTR_INPPS]);
	st->outpps = get64(t.a[IPVS_STATS_ATTR_OUTPPS]);
	st->inbps = get64(t.a[IPVS_STATS_ATTR_INBPS]);
	st->outbps = get64(t.a[IPVS_STATS_ATTR_OUTBPS]);
}

static uint64_t get_any(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) >= 8 ? get64(a) : get32(a);
}

int ipvs_parse_service(const struct nlmsghdr *nlh, struct ipvs_service *out)
{
	struct attrs top, t;
	const struct nlattr *f;

	memset(out, 0, sizeof(*out));
	if (top_attrs(nlh, &top) < 0 || nested(top.a[IPVS_CMD_ATTR_SERVICE], &t) < 0)
		return -EINVAL;
	if (!ok_len(t.a[IPVS_SVC_ATTR_AF], 2))
		return -EINVAL;
	out->af = get16(t.a[IPVS_SVC_ATTR_AF]);
	out->fwmark = get32(t.a[IPVS_SVC_ATTR_FWMARK]);
	if (!out->fwmark) {
		out->protocol = get16(t.a[IPVS_SVC_ATTR_PROTOCOL]);
		get_addr(t.a[IPVS_SVC_ATTR_ADDR], out->addr);
		out->port = ntohs(get16(t.a[IPVS_SVC_ATTR_PORT]));
	}
	get_str(t.a[IPVS_SVC_ATTR_SCHED_NAME], out->sched, sizeof(out->sched));
	get_str(t.a[IPVS_SVC_ATTR_PE_NAME], out->pe, sizeof(out->pe));
	f = t.a[IPVS_SVC_ATTR_FLAGS];
	if (ok_len(f, sizeof(struct ip_vs_flags))) {
		struct ip_vs_flags fl;

		memcpy(&fl, mnl_attr_get_payload(f), sizeof(fl));
		out->flags = fl.flags;
	}
	out->timeout = get32(t.a[IPVS_SVC_ATTR_TIMEOUT]);
	out->netmask = get32(t.a[IPVS_SVC_ATTR_NETMASK]);
	get_stats(t.a[IPVS_SVC_ATTR_STATS64], t.a[IPVS_SVC_ATTR_STATS], &out->stats);
	return 0;
}

int ipvs_parse_dest(const struct nlmsghdr *nlh, struct ipvs_dest *out)
{
	struct attrs top, t;

	memset(out, 0, sizeof(*out));
	if (top_attrs(nlh, &top) < 0 || nested(top.a[IPVS_CMD_ATTR_DEST], &t) < 0)
		return -EINVAL;
	if (!t.a[IPVS_DEST_ATTR_ADDR])
		return -EINVAL;
	get_addr(t.a[IPVS_DEST_ATTR_ADDR], out->addr);
	out->af = get16(t.a[IPVS_DEST_ATTR_ADDR_FAMILY]);
	out->port = ntohs(get16(t.a[IPVS_DEST_ATTR_PORT]));
	out->fwd = get32(t.a[IPVS_DEST_ATTR_FWD_METHOD]) & IP_VS_CONN_F_FWD_MASK;
	out->weight = (int32_t)get32(t.a[IPVS_DEST_ATTR_WEIGHT]);
	out->u_thresh = get32(t.a[IPVS_DEST_ATTR_U_THRESH]);
	out->l_thresh = get32(t.a[IPVS_DEST_ATTR_L_THRESH]);
	if (ok_len(t.a[IPVS_DEST_ATTR_TUN_TYPE], 1))
		out->tun_type = mnl_attr_get_u8(t.a[IPVS_DEST_ATTR_TUN_TYPE]);
	out->tun_port = ntohs(get16(t.a[IPVS_DEST_ATTR_TUN_PORT]));
	out->tun_flags = get16(t.a[IPVS_DEST_ATTR_TUN_FLAGS]);
	out->active = (uint32_t)get_any(t.a[IPVS_DEST_ATTR_ACTIVE_CONNS]);
	out->inactive = (uint32_t)get_any(t.a[IPVS_DEST_ATTR_INACT_CONNS]);
	out->persist = (uint32_t)get_any(t.a[IPVS_DEST_ATTR_PERSIST_CONNS]);
	get_stats(t.a[IPVS_DEST_ATTR_STATS64], t.a[IPVS_DEST_ATTR_STATS], &out->stats);
	return 0;
}

int ipvs_parse_daemon(const struct nlmsghdr *nlh, struct ipvs_daemon *out)
{
	struct attrs top, t;

	memset(out, 0, sizeof(*out));
	if (top_attrs(nlh, &top) < 0 || nested(top.a[IPVS_CMD_ATTR_DAEMON], &t) < 0)
		return -EINVAL;
	out->state = get32(t.a[IPVS_DAEMON_ATTR_STATE]);
	get_str(t.a[IPVS_DAEMON_ATTR_MCAST_IFN], out->ifname, sizeof(out->ifname));
	out->syncid = get32(t.a[IPVS_DAEMON_ATTR_SYNC_ID]);
	out->maxlen = get16(t.a[IPVS_DAEMON_ATTR_SYNC_MAXLEN]);
	if (ok_len(t.a[IPVS_DAEMON_ATTR_MCAST_GROUP6], 16)) {
		out->group_af = AF_INET6;
		memcpy(out->group, mnl_attr_get_payload(t.a[IPVS_DAEMON_ATTR_MCAST_GROUP6]), 16);
	} else if (ok_len(t.a[IPVS_DAEMON_ATTR_MCAST_GROUP], 4)) {
		out->group_af = AF_INET;
		memcpy(out->group, mnl_attr_get_payload(t.a[IPVS_DAEMON_ATTR_MCAST_GROUP]), 4);
	}
	out->port = get16(t.a[IPVS_DAEMON_ATTR_MCAST_PORT]);
	if (ok_len(t.a[IPVS_DAEMON_ATTR_MCAST_TTL], 1))
		out->ttl = mnl_attr_get_u8(t.a[IPVS_DAEMON_ATTR_MCAST_TTL]);
	return 0;
}

int ipvs_parse_timeouts(const struct nlmsghdr *nlh, struct ipvs_timeouts *out)
{
	struct attrs top;

	memset(out, 0, sizeof(*out));
	if (top_attrs(nlh, &top) < 0)
		return -EINVAL;
	out->tcp = get32(top.a[IPVS_CMD_ATTR_TIMEOUT_TCP]);
	out->tcp_fin = get32(top.a[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]);
	out->udp = get32(top.a[IPVS_CMD_ATTR_TIMEOUT_UDP]);
	return 0;
}

int ipvs_parse_info(const struct nlmsghdr *nlh, struct ipvs_info *out)
{
	struct attrs top;

	memset(out, 0, sizeof(*out));
	if (top_attrs(nlh, &top) < 0)
		return -EINVAL;
	out->version = get32(top.a[IPVS_INFO_ATTR_VERSION]);
	out->conn_tab_size = get32(top.a[IPVS_INFO_ATTR_CONN_TAB_SIZE]);
	return 0;
}

/* ---- identity and order ------------------------------------------------------ */

static size_t alen(int af)
{
	return af == AF_INET6 ? 16 : 4;
}

bool ipvs_service_same(const struct ipvs_service *a, const struct ipvs_service *b)
{
	if (a->af != b->af || a->fwmark != b->fwmark)
		return false;
	if (a->fwmark)
		return true;
	return a->protocol == b->protocol && a->port == b->port &&
	       memcmp(a->addr, b->addr, alen(a->af)) == 0;
}

bool ipvs_dest_same(const struct ipvs_dest *a, const struct ipvs_dest *b, int af_default)
{
	int afa = a->af ? a->af : af_default, afb = b->af ? b->af : af_default;

	return afa == afb && a->port == b->port && memcmp(a->addr, b->addr, alen(afa)) == 0;
}

#define CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

/* ipvsadm (libipvs) compares addresses as 32-bit words in host order by
 * int subtraction, which wraps when they differ by 2^31 or more (10.0.0.1
 * sorts after 192.0.2.1).  We keep that quirk so that -S output is
 * byte-identical to ipvsadm's. */
static int addr_cmp(int af, const uint8_t *a, const uint8_t *b)
{
	for (size_t i = 0; i < alen(af); i += 4) {
		uint32_t x, y;
		int r;

		memcpy(&x, a + i, 4);
		memcpy(&y, b + i, 4);
		r = (int)(ntohl(x) - ntohl(y));
		if (r)
			return r < 0 ? -1 : 1;
	}
	return 0;
}

/* ipvsadm sorts the protocols TCP < UDP < SCTP, i.e. by number */
int ipvs_service_cmp(const struct ipvs_service *a, const struct ipvs_service *b)
{
	int r;

	CMP(a->fwmark, b->fwmark);
	CMP(a->af, b->af);
	CMP(a->protocol, b->protocol);
	r = addr_cmp(a->af, a->addr, b->addr);
	if (r)
		return r;
	CMP(a->port, b->port);
	return 0;
}

int ipvs_dest_cmp(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	int r;

	CMP(a->af, b->af);
	r = addr_cmp(a->af, a->addr, b->addr);
	if (r)
		return r;
	CMP(a->port, b->port);
	return 0;
}

const char *ipvs_strerror(int err, uint8_t cmd)
{
	bool svc = cmd == IPVS_CMD_NEW_SERVICE || cmd == IPVS_CMD_SET_SERVICE ||
		   cmd == IPVS_CMD_DEL_SERVICE || cmd == IPVS_CMD_GET_SERVICE;
	bool dest = cmd == IPVS_CMD_NEW_DEST || cmd == IPVS_CMD_SET_DEST ||
		    cmd == IPVS_CMD_DEL_DEST;
	bool daemon = cmd == IPVS_CMD_NEW_DAEMON || cmd == IPVS_CMD_DEL_DAEMON;

	if (err < 0)
		err = -err;
	switch (err) {
	case EEXIST:
		if (dest)
			return "destination already exists";
		if (daemon)
			return "sync daemon already running";
		return "service already exists";
	case ESRCH:
		if (daemon)
			return "no such sync daemon running";
		return "no such service";
	case ENODEV:
		if (daemon)
			return "no such multicast interface";
		return strerror(err);
	case ENOENT:
		if (dest)
			return "no such destination";
		if (svc)
			return "no such scheduler or persistence engine";
		return "no such entry";
	case ERANGE:
		if (dest)
			return "weight must be 0 or more and the lower threshold at most the upper one";
		return "value out of range";
	case EINVAL:
		if (dest)
			return "invalid destination (not a unicast address, a mixed address family "
			       "outside a tunnel or with a sync daemon, or a GUE tunnel without port)";
		if (daemon)
			return "invalid sync daemon settings (interface, group, or mixed address "
			       "family destinations present)";
		if (svc)
			return "invalid service settings (netmask, address family or missing field)";
		return "invalid request";
	case EAFNOSUPPORT:
		return "address family not supported by the kernel";
	case EPERM:
	case EACCES:
		return "permission denied (CAP_NET_ADMIN needed)";
	case EBUSY:
		return "busy";
	case ENOMEM:
		return "out of memory";
	default:
		return strerror(err);
	}
}
