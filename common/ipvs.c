/* ipvs.c - the IPVS calls on one socket (see ipvs.h). */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/array.h"
#include "common/genl.h"
#include "common/ipvs.h"

int ipvs_open(struct ipvs *h)
{
	int ret;

	memset(h, 0, sizeof(*h));
	ret = nl_open(&h->nl, NETLINK_GENERIC);
	if (ret < 0)
		return ret;
	ret = genl_family(&h->nl, IPVS_GENL_NAME, &h->family);
	if (ret < 0) {
		nl_close(&h->nl);
		return ret;
	}
	return 0;
}

void ipvs_close(struct ipvs *h)
{
	nl_close(&h->nl);
}

static int talk(struct ipvs *h, const struct ipvs_op *op, mnl_cb_t cb, void *arg)
{
	char buf[IPVS_MSG_MAX];
	struct nlmsghdr *nlh = ipvs_build(buf, h->family, op);

	if (!nlh)
		return -EINVAL;
	nlh->nlmsg_seq = ++h->nl.seq;
	return nl_talk(&h->nl, nlh, cb, arg);
}

int ipvs_exec(struct ipvs *h, const struct ipvs_op *op)
{
	return talk(h, op, NULL, NULL);
}

/* Messages per sendmsg: each ACK costs ~1 KB of receive buffer truesize,
 * and the default buffer is ~208 KB; 64 leaves ample room. */
#define BATCH 64

struct pending {
	uint32_t first_seq;
	size_t n, acked;
	int *errs;
};

static int batch_recv(struct ipvs *h, struct pending *p)
{
	while (p->acked < p->n) {
		ssize_t len = mnl_socket_recvfrom(h->nl.sk, h->nl.buf, h->nl.buflen);
		const struct nlmsghdr *nlh;
		size_t left;

		if (len < 0)
			return -errno;
		left = (size_t)len;
		for (nlh = (const struct nlmsghdr *)h->nl.buf; mnl_nlmsg_ok(nlh, (int)left);
		     nlh = mnl_nlmsg_next(nlh, (int *)&left)) {
			const struct nlmsgerr *e;
			uint32_t i;

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e)))
				return -EPROTO;
			e = mnl_nlmsg_get_payload(nlh);
			i = nlh->nlmsg_seq - p->first_seq;
			if (i >= p->n)
				continue;	/* not ours */
			p->errs[i] = e->error;
			p->acked++;
		}
	}
	return 0;
}

int ipvs_exec_batch(struct ipvs *h, const struct ipvs_op *ops, size_t n, int *errs)
{
	char *buf;
	size_t i = 0, bufsize = (size_t)BATCH * IPVS_MSG_MAX;
	int failed = 0, ret = 0;

	buf = malloc(bufsize);
	if (!buf)
		return -ENOMEM;
	while (i < n) {
		struct pending p = { .first_seq = h->nl.seq + 1, .errs = errs + i };
		size_t off = 0;

		while (i + p.n < n && p.n < BATCH && off + IPVS_MSG_MAX <= bufsize) {
			struct nlmsghdr *nlh = ipvs_build(buf + off, h->family, &ops[i + p.n]);

			if (!nlh) {
				ret = -EINVAL;
				goto out;
			}
			nlh->nlmsg_flags |= NLM_F_ACK;
			nlh->nlmsg_seq = ++h->nl.seq;
			off += NLMSG_ALIGN(nlh->nlmsg_len);
			p.n++;
			errs[i + p.n - 1] = 0;
		}
		if (mnl_socket_sendto(h->nl.sk, buf, off) < 0) {
			ret = -errno;
			goto out;
		}
		ret = batch_recv(h, &p);
		if (ret < 0)
			goto out;
		for (size_t k = 0; k < p.n; k++)
			if (errs[i + k])
				failed++;
		i += p.n;
	}
	ret = failed;
out:
	free(buf);
	return ret;
}

static int op_svc(struct ipvs *h, uint8_t cmd, const struct ipvs_service *s)
{
	struct ipvs_op op = { .cmd = cmd };

	if (s) {
		op.svc = *s;
		op.has_svc = true;
	}
	return ipvs_exec(h, &op);
}

static int op_dest(struct ipvs *h, uint8_t cmd, const struct ipvs_service *s,
		   const struct ipvs_dest *d)
{
	struct ipvs_op op = { .cmd = cmd, .has_svc = true, .svc = *s, .dest = *d };

	return ipvs_exec(h, &op);
}

int ipvs_add_service(struct ipvs *h, const struct ipvs_service *s)
{
	return op_svc(h, IPVS_CMD_NEW_SERVICE, s);
}

int ipvs_edit_service(struct ipvs *h, const struct ipvs_service *s)
{
	return op_svc(h, IPVS_CMD_SET_SERVICE, s);
}

int ipvs_del_service(struct ipvs *h, const struct ipvs_service *s)
{
	return op_svc(h, IPVS_CMD_DEL_SERVICE, s);
}

int ipvs_flush(struct ipvs *h)
{
	return op_svc(h, IPVS_CMD_FLUSH, NULL);
}

int ipvs_zero(struct ipvs *h, const struct ipvs_service *s)
{
	return op_svc(h, IPVS_CMD_ZERO, s);
}

int ipvs_add_dest(struct ipvs *h, const struct ipvs_service *s, const struct ipvs_dest *d)
{
	return op_dest(h, IPVS_CMD_NEW_DEST, s, d);
}

int ipvs_edit_dest(struct ipvs *h, const struct ipvs_service *s, const struct ipvs_dest *d)
{
	return op_dest(h, IPVS_CMD_SET_DEST, s, d);
}

int ipvs_del_dest(struct ipvs *h, const struct ipvs_service *s, const struct ipvs_dest *d)
{
	return op_dest(h, IPVS_CMD_DEL_DEST, s, d);
}

int ipvs_set_timeouts(struct ipvs *h, const struct ipvs_timeouts *t)
{
	struct ipvs_op op = { .cmd = IPVS_CMD_SET_CONFIG, .timeouts = *t };

	return ipvs_exec(h, &op);
}

static int timeouts_cb(const struct nlmsghdr *nlh, void *arg)
{
	return ipvs_parse_timeouts(nlh, arg) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int ipvs_get_timeouts(struct ipvs *h, struct ipvs_timeouts *t)
{
	struct ipvs_op op = { .cmd = IPVS_CMD_GET_CONFIG };

	return talk(h, &op, timeouts_cb, t);
}

int ipvs_start_daemon(struct ipvs *h, const struct ipvs_daemon *d)
{
	struct ipvs_op op = { .cmd = IPVS_CMD_NEW_DAEMON, .daemon = *d };

	return ipvs_exec(h, &op);
}

int ipvs_stop_daemon(struct ipvs *h, uint32_t state)
{
	struct ipvs_op op = { .cmd = IPVS_CMD_DEL_DAEMON };

	op.daemon.state = state;
	return ipvs_exec(h, &op);
}

static int info_cb(const struct nlmsghdr *nlh, void *arg)
{
	return ipvs_parse_info(nlh, arg) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int ipvs_get_info(struct ipvs *h, struct ipvs_info *info)
{
	struct ipvs_op op = { .cmd = IPVS_CMD_GET_INFO };

	return talk(h, &op, info_cb, info);
}

static int one_service_cb(const struct nlmsghdr *nlh, void *arg)
{
	return ipvs_parse_service(nlh, arg) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int ipvs_get_service(struct ipvs *h, struct ipvs_service *s)
{
	struct ipvs_op op = { .cmd = IPVS_CMD_GET_SERVICE, .has_svc = true, .svc = *s };

	return talk(h, &op, one_service_cb, s);
}

/* dump callbacks: parse, hand to the caller's cb, remember its verdict */
struct walk {
	int (*parse)(const struct nlmsghdr *, void *);
	void *obj;
	int (*cb)(const void *, void *);
	void *arg;
	int ret;
};

static int walk_cb(const struct nlmsghdr *nlh, void *data)
{
	struct walk *w = data;

	if (w->ret < 0)
		return MNL_CB_OK;	/* drain the rest of the dump */
	if (w->parse(nlh, w->obj) < 0)
		return MNL_CB_OK;	/* skip what we cannot read */
	w->ret = w->cb(w->obj, w->arg);
	if (w->ret > 0)
		w->ret = 0;
	return MNL_CB_OK;
}

static int dump(struct ipvs *h, const struct ipvs_op *op, struct walk *w)
{
	int ret = talk(h, op, walk_cb, w);

	return ret < 0 ? ret : w->ret;
}

int ipvs_dump_services(struct ipvs *h, ipvs_service_cb cb, void *arg)
{
	struct ipvs_service s;
	struct ipvs_op op = { .cmd = IPVS_CMD_GET_SERVICE };
	struct walk w = {
		.parse = (int (*)(const struct nlmsghdr *, void *))ipvs_parse_service,
		.obj = &s, .cb = (int (*)(const void *, void *))cb, .arg = arg,
	};

	return dump(h, &op, &w);
}

int ipvs_dump_dests(struct ipvs *h, const struct ipvs_service *svc, ipvs_dest_cb cb, void *arg)
{
	struct ipvs_dest d;
	struct ipvs_op op = { .cmd = IPVS_CMD_GET_DEST, .has_svc = true, .svc = *svc };
	struct walk w = {
		.parse = (int (*)(const struct nlmsghdr *, void *))ipvs_parse_dest,
		.obj = &d, .cb = (int (*)(const void *, void *))cb, .arg = arg,
	};

	return dump(h, &op, &w);
}

int ipvs_dump_daemons(struct ipvs *h, ipvs_daemon_cb cb, void *arg)
{
	struct ipvs_daemon d;
	struct ipvs_op op = { .cmd = IPVS_CMD_GET_DAEMON };
	struct walk w = {
		.parse = (int (*)(const struct nlmsghdr *, void *))ipvs_parse_daemon,
		.obj = &d, .cb = (int (*)(const void *, void *))cb, .arg = arg,
	};

	return dump(h, &op, &w);
}

/* ---- the whole table ------------------------------------------------------ */

struct collect {
	struct ipvs_table *t;
	size_t cap;
	struct ipvs_entry *e;
};

static int add_service(const struct ipvs_service *s, void *arg)
{
	struct collect *c = arg;

	if (array_grow((void **)&c->t->v, c->t->n, &c->cap, sizeof(*c->t->v)) < 0)
		return -ENOMEM;
	memset(&c->t->v[c->t->n], 0, sizeof(c->t->v[0]));
	c->t->v[c->t->n++].svc = *s;
	return 0;
}

static int add_dest(const struct ipvs_dest *d, void *arg)
{
	struct collect *c = arg;

	if (array_grow((void **)&c->e->dests, c->e->ndests, &c->cap, sizeof(*d)) < 0)
		return -ENOMEM;
	c->e->dests[c->e->ndests++] = *d;
	return 0;
}

int ipvs_table_read(struct ipvs *h, const struct ipvs_service *svc, struct ipvs_table *t)
{
	struct collect c = { .t = t };
	int ret;

	memset(t, 0, sizeof(*t));
	if (svc) {
		struct ipvs_service one = *svc;

		ret = ipvs_get_service(h, &one);
		if (ret == 0)
			ret = add_service(&one, &c);
	} else {
		ret = ipvs_dump_services(h, add_service, &c);
	}
	for (size_t i = 0; ret >= 0 && i < t->n; i++) {
		c.e = &t->v[i];
		c.cap = 0;
		ret = ipvs_dump_dests(h, &t->v[i].svc, add_dest, &c);
		if (ret == -ESRCH)	/* deleted meanwhile: the dump is no snapshot */
			ret = 0;
	}
	if (ret < 0)
		ipvs_table_free(t);
	return ret;
}

static int svc_cmp(const void *a, const void *b)
{
	return ipvs_service_cmp(&((const struct ipvs_entry *)a)->svc,
				&((const struct ipvs_entry *)b)->svc);
}

static int dest_cmp(const void *a, const void *b)
{
	return ipvs_dest_cmp(a, b);
}

void ipvs_table_sort(struct ipvs_table *t)
{
	if (t->n > 1)
		qsort(t->v, t->n, sizeof(*t->v), svc_cmp);
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].ndests > 1)
			qsort(t->v[i].dests, t->v[i].ndests, sizeof(struct ipvs_dest), dest_cmp);
}

void ipvs_table_free(struct ipvs_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].dests);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
