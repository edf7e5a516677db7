/*
 * cfg.c - reading hcheckd's blocks of keepalived.conf (see cfg.h).
 *
 * A checker block is read into a struct ckconf (the keepalived keywords,
 * with "unset" markers), then turned into one hc_checker per probe: one per
 * url { } block for HTTP_GET / SSL_GET (keepalived wants every url to
 * pass, which is the target rule "all checkers up"), one otherwise.
 * Unset values come from the enclosing block (check NAME, or the real and
 * virtual server), then from keepalived's defaults.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/httpd.h"
#include "common/conf.h"
#include "common/kakw.h"
#include "common/lvsconf.h"
#include "common/log.h"
#include "common/script.h"
#include "common/scriptsec.h"
#include "hcheckd/cfg.h"
#include "hcheckd/digest.h"
#include "hcheckd/dns_parse.h"
#include "hcheckd/lvs.h"
#include "hcheckd/regex.h"
#include "hcheckd/util.h"

#define UNSET (-1)
#define MAX_URLS 16
#define MAX_HOSTS 16

/* what a block around the checkers supplies */
struct defaults {
	char ip[64];			/* "" none */
	int port;			/* UNSET none */
	int interval_ms, rise, retry, retry_delay_ms, warmup_ms, timeout_ms;
	struct sockaddr_storage src;	/* bindto */
	socklen_t srclen;
	const char *vhost;		/* virtualhost of the virtual/real server */
	char ifname[16];		/* bind_if; "" none */
	unsigned fwmark;		/* 0 none */
};

struct urlconf {
	const struct conf_node *n;	/* url { } */
	char *path, *digest, *codes, *regex, *vhost;
	const struct conf_node *regex_node;
	bool regex_no_match;
	/* keepalived's regex_* keys: set = seen (they need a regex) */
	uint32_t regex_options;
	bool options_set, stack_set, min_set, max_set;
	size_t min_offset, max_offset;	/* bytes from the response's start, inclusive */
	size_t stack_start, stack_max;
};

/* SMTP_CHECK host { }: keepalived's older way to check several hosts in
 * one SMTP_CHECK.  Its connection keys are the host's own (unset ones come
 * from the real server, not from the SMTP_CHECK); its other keys (retry,
 * delay_loop...) are the SMTP_CHECK's.  Each host becomes a checker of the
 * target, so the real server is up only while every host passes. */
struct hostconf {
	const struct conf_node *n;
	struct defaults d;		/* connection keys only */
};

struct ckconf {
	const struct conf_node *n;
	enum probe_type type;
	const char *kind;
	struct defaults d;		/* this checker's own values (UNSET = inherit) */
	/* http */
	struct urlconf url[MAX_URLS];
	int nurl;
	char *vhost;
	bool http10, sni_set;
	char *sni;
	/* misc */
	char *misc_path;
	const struct conf_node *misc_node;
	bool dynamic;
	char *user;
	const struct conf_node *user_node;
	/* smtp */
	char *helo;
	struct hostconf host[MAX_HOSTS];
	int nhost;
	/* dns */
	char *dns_name;
	uint16_t dns_type;
	/* udp */
	char *payload, *reply;
	bool require_reply;
	unsigned min_reply, max_reply;
	/* file */
	char *track_file, *file;
	/* the target being built (for MISC_CHECK weight etc.) */
	struct hc_target *t;
};

/* keepalived's top-level SSL { } block, for every SSL_GET (strings of the
 * conf tree; NULL unset) */
struct sslconf {
	const char *ca, *cert, *key, *pass;
};

struct pctx {
	const struct conf *conf;
	struct cfg *cf;
	struct sslconf ssl;
	/* the script user's ids (ours without script_user) and where it is set */
	uid_t script_uid;
	gid_t script_gid;
	char script_user_at[320];
	struct defaults d;		/* the current block's */
	struct hc_target *t;
	struct conf_err *err;
};

/* --- small value helpers --------------------------------------------------- */
static int dur_ms(const struct conf_node *n, int i, int *ms, struct conf_err *err)
{
	uint64_t us;

	if (conf_duration(n, i, 0, 86400ULL * 1000000, &us, err) < 0)
		return -EINVAL;
	*ms = (int)(us / 1000);
	if (!*ms && us)
		*ms = 1;
	return 0;
}

static int one_str(const struct conf_node *n, char **out, struct conf_err *err)
{
	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	return conf_strdup(n, 1, out, err);
}

static int addr_str(const struct conf_node *n, int i, char *out, size_t len, struct conf_err *err)
{
	struct sockaddr_storage ss;
	socklen_t sl;

	if (i >= n->argc)
		return conf_error(err, n, n->kw, "'%s' needs an address", n->kw);
	if (parse_sockaddr(n->argv[i], 0, &ss, &sl) < 0 || strlen(n->argv[i]) >= len)
		return conf_error(err, n, n->argv[i], "bad address '%s'", n->argv[i]);
	strcpy(out, n->argv[i]);
	return 0;
}

static void defaults_init(struct defaults *d)
{
	memset(d, 0, sizeof(*d));
	d->port = UNSET;
	d->interval_ms = d->rise = d->retry = d->retry_delay_ms = d->warmup_ms = d->timeout_ms = UNSET;
}

/* b's set values over a's */
static void defaults_merge(struct defaults *out, const struct defaults *a, const struct defaults *b)
{
	*out = *a;
	if (b->ip[0]) strcpy(out->ip, b->ip);
	if (b->port != UNSET) out->port = b->port;
	if (b->interval_ms != UNSET) out->interval_ms = b->interval_ms;
	if (b->rise != UNSET) out->rise = b->rise;
	if (b->retry != UNSET) out->retry = b->retry;
	if (b->retry_delay_ms != UNSET) out->retry_delay_ms = b->retry_delay_ms;
	if (b->warmup_ms != UNSET) out->warmup_ms = b->warmup_ms;
	if (b->timeout_ms != UNSET) out->timeout_ms = b->timeout_ms;
	if (b->srclen) { out->src = b->src; out->srclen = b->srclen; }
	if (b->ifname[0]) strcpy(out->ifname, b->ifname);
	if (b->fwmark) out->fwmark = b->fwmark;
}

/* keywords shared by checkers and the blocks around them */
static int kw_common(const struct conf_node *n, struct defaults *d, struct conf_err *err)
{
	const char *k = n->kw;

	if (!strcmp(k, "connect_ip"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : addr_str(n, 1, d->ip, sizeof(d->ip), err);
	if (!strcmp(k, "connect_port")) {
		uint16_t p;
		if (conf_nargs(n, 1, 1, err) < 0 || conf_port(n, 1, &p, err) < 0)
			return -EINVAL;
		d->port = p;
		return 0;
	}
	if (!strcmp(k, "bindto")) {
		if (conf_nargs(n, 1, 1, err) < 0)
			return -EINVAL;
		if (parse_sockaddr(n->argv[1], 0, &d->src, &d->srclen) < 0)
			return conf_error(err, n, n->argv[1], "bad address '%s'", n->argv[1]);
		return 0;
	}
	if (!strcmp(k, "connect_timeout"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : dur_ms(n, 1, &d->timeout_ms, err);
	if (!strcmp(k, "delay_loop"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : dur_ms(n, 1, &d->interval_ms, err);
	if (!strcmp(k, "delay_before_retry"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : dur_ms(n, 1, &d->retry_delay_ms, err);
	if (!strcmp(k, "warmup"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : dur_ms(n, 1, &d->warmup_ms, err);
	if (!strcmp(k, "retry") || !strcmp(k, "nb_get_retry") || !strcmp(k, "nb_sock_retry"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_int(n, 1, 0, 1000, &d->retry, err);
	if (!strcmp(k, "fall")) {
		int f;
		if (conf_nargs(n, 1, 1, err) < 0 || conf_int(n, 1, 1, 1000, &f, err) < 0)
			return -EINVAL;
		d->retry = f - 1;
		return 0;
	}
	if (!strcmp(k, "rise"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_int(n, 1, 1, 1000, &d->rise, err);
	return 1;	/* not ours */
}

/* --- url { } ------------------------------------------------------------------- */
/* keepalived's unsigned number (strtoul, base 10, nothing after) */
static bool size_word(const char *w, size_t *out)
{
	char *end;
	unsigned long long v;

	if (!*w || *w == '-')
		return false;
	errno = 0;
	v = strtoull(w, &end, 10);
	if (errno || *end || v > SIZE_MAX)
		return false;
	*out = (size_t)v;
	return true;
}

/* regex_options, regex_min_offset, regex_max_offset, regex_stack.  keepalived
 * logs a bad value and carries on (-t accepts the file): so do we, with a
 * warning naming the line. */
static int kw_regex_key(const struct conf_node *n, struct urlconf *u, struct conf_err *err)
{
	const char *k = n->kw;
	uint32_t bit;
	size_t a, b;

	if (!strcmp(k, "regex_options")) {
		u->options_set = true;
		for (int i = 1; i < n->argc; i++) {
			if (regex_option(n->argv[i], &bit) < 0)
				conf_warn(n, "unknown regex option '%s' ignored", n->argv[i]);
			else
				u->regex_options |= bit;
		}
		return 0;
	}
	if (!strcmp(k, "regex_min_offset") || !strcmp(k, "regex_max_offset")) {
		bool max = k[6] == 'm' && k[7] == 'a';
		if (n->argc != 2 || !size_word(n->argv[1], &a)) {
			conf_warn(n, "bad %s '%s': 0 used", k, n->argc > 1 ? n->argv[1] : "");
			a = 0;
		}
		if (max) {
			u->max_offset = a;
			u->max_set = true;
		} else {
			u->min_offset = a;
			u->min_set = true;
		}
		return 0;
	}
	if (!strcmp(k, "regex_stack")) {
		if (n->argc != 3 || !size_word(n->argv[1], &a) || !size_word(n->argv[2], &b) || a > b ||
		    !b) {
			conf_warn(n, "regex_stack wants START MAX (bytes, START <= MAX): ignored");
			return 0;
		}
		u->stack_set = true;
		u->stack_start = a;
		u->stack_max = b;
		return 0;
	}
	return conf_error(err, n, k, "unknown keyword '%s' in url", k);
}

static int kw_url_item(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct urlconf *u = ctx;
	const char *k = n->kw;

	if (!strcmp(k, "path"))
		return one_str(n, &u->path, err);
	if (!strcmp(k, "digest"))
		return one_str(n, &u->digest, err);
	if (!strcmp(k, "virtualhost"))
		return one_str(n, &u->vhost, err);
	if (!strcmp(k, "regex")) {
		if (u->regex)
			conf_warn(n, "duplicate regex: '%s' replaces '%s'", n->argc > 1 ? n->argv[1] : "",
				  u->regex);
		free(u->regex);
		u->regex = NULL;
		u->regex_node = n;
		return one_str(n, &u->regex, err);
	}
	if (!strcmp(k, "regex_no_match")) {
		u->regex_no_match = true;
		if (n->argc > 1) {
			free(u->regex);
			u->regex = NULL;
			u->regex_node = n;
			return one_str(n, &u->regex, err);
		}
		return 0;
	}
	if (!strcmp(k, "status_code")) {
		/* keepalived: several words, each a code or LO-HI */
		char buf[256] = "";
		if (conf_nargs(n, 1, -1, err) < 0)
			return -EINVAL;
		for (int i = 1; i < n->argc; i++) {
			if (strlen(buf) + strlen(n->argv[i]) + 2 > sizeof(buf))
				return conf_error(err, n, n->argv[i], "too many status codes");
			if (i > 1)
				strcat(buf, ",");
			strcat(buf, n->argv[i]);
		}
		free(u->codes);
		u->codes = strdup(buf);
		return 0;
	}
	if (!strncmp(k, "regex_", 6))
		return kw_regex_key(n, u, err);
	if (!strcmp(k, "fast_recovery"))
		return 0;
	return conf_error(err, n, k, "unknown keyword '%s' in url", k);
}

/* --- checker blocks ------------------------------------------------------------ */
/* bind_if, fwmark, bind_port: 0, -EINVAL, or 1 (not one of them) */
static int kw_bind(const struct conf_node *n, struct defaults *d, struct conf_err *err)
{
	const char *k = n->kw;

	if (!strcmp(k, "bind_if")) {
		if (conf_nargs(n, 1, 1, err) < 0)
			return -EINVAL;
		if (strlen(n->argv[1]) >= sizeof(d->ifname))
			return conf_error(err, n, n->argv[1], "interface name too long");
		strcpy(d->ifname, n->argv[1]);
		return 0;
	}
	if (!strcmp(k, "fwmark"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_uint(n, 1, 0, UINT32_MAX, &d->fwmark, err);
	if (!strcmp(k, "bind_port"))
		return 0;
	return 1;
}

static int kw_checker_item(const struct conf_node *n, void *ctx, struct conf_err *err);

/* a key of SMTP_CHECK host { } (see struct hostconf) */
static int kw_host_item(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ckconf *c = ctx;
	struct hostconf *h = &c->host[c->nhost - 1];
	const char *k = n->kw;
	int r;

	if (!strcmp(k, "connect_ip") || !strcmp(k, "connect_port") || !strcmp(k, "bindto") ||
	    !strcmp(k, "connect_timeout"))
		return kw_common(n, &h->d, err);
	if ((r = kw_bind(n, &h->d, err)) <= 0)
		return r;
	if (!strcmp(k, "host") || !strcmp(k, "helo_name"))
		return conf_error(err, n, k, "unknown keyword '%s' in host", k);
	return kw_checker_item(n, c, err);
}

static int kw_checker_item(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ckconf *c = ctx;
	const char *k = n->kw;
	int r = kw_common(n, &c->d, err);

	if (r <= 0)
		return r;
	if ((r = kw_bind(n, &c->d, err)) <= 0)
		return r;
	if (!strcmp(k, "log_all_failures") ||
	    !strcmp(k, "dont_track_primary") || !strcmp(k, "fast_recovery") ||
	    !strcmp(k, "tls_compliant") || !strcmp(k, "enable_sni") || !strcmp(k, "source_ip"))
		return 0;
	if (c->type == PT_HTTP || c->type == PT_HTTPS) {
		if (!strcmp(k, "url")) {
			if (!n->block)
				return conf_error(err, n, k, "'url' needs a { } block");
			if (c->nurl == MAX_URLS)
				return conf_error(err, n, k, "more than %d url blocks", MAX_URLS);
			c->url[c->nurl].n = n;
			return conf_walk(n->child, (const struct conf_kw[]){ { NULL, kw_url_item, CONF_KW_MAYBLOCK } },
					 &c->url[c->nurl++], err);
		}
		if (!strcmp(k, "virtualhost"))
			return one_str(n, &c->vhost, err);
		if (!strcmp(k, "http_protocol")) {
			if (conf_nargs(n, 1, 1, err) < 0)
				return -EINVAL;
			c->http10 = !strncmp(n->argv[1], "1.0", 3);
			return 0;
		}
		if (!strcmp(k, "sni") || !strcmp(k, "tls_sni"))
			return one_str(n, &c->sni, err);
	}
	if (c->type == PT_EXEC) {
		if (!strcmp(k, "misc_path")) {
			c->misc_node = n;
			free(c->misc_path);
			c->misc_path = NULL;
			return conf_script(n, 1, &c->misc_path, err);
		}
		if (!strcmp(k, "misc_timeout"))
			return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : dur_ms(n, 1, &c->d.timeout_ms, err);
		if (!strcmp(k, "misc_dynamic")) {
			c->dynamic = true;
			return 0;
		}
		if (!strcmp(k, "user")) {
			if (conf_nargs(n, 1, 2, err) < 0)
				return -EINVAL;
			if (!getpwnam(n->argv[1]))
				return conf_error(err, n, n->argv[1], "unknown user '%s'", n->argv[1]);
			c->user_node = n;
			free(c->user);
			c->user = NULL;
			return conf_strdup(n, 1, &c->user, err);
		}
	}
	if (c->type == PT_SMTP) {
		if (!strcmp(k, "helo_name"))
			return one_str(n, &c->helo, err);
		if (!strcmp(k, "host")) {
			struct hostconf *h;
			if (c->nhost == MAX_HOSTS)
				return conf_error(err, n, k, "more than %d host blocks", MAX_HOSTS);
			h = &c->host[c->nhost++];
			h->n = n;
			defaults_init(&h->d);
			return conf_walk(n->child, (const struct conf_kw[]){ { NULL, kw_host_item, 0 } }, c, err);
		}
	}
	if (c->type == PT_DNS) {
		if (!strcmp(k, "name"))
			return one_str(n, &c->dns_name, err);
		if (!strcmp(k, "type")) {
			if (conf_nargs(n, 1, 1, err) < 0)
				return -EINVAL;
			if (!(c->dns_type = dns_type_parse(n->argv[1])))
				return conf_error(err, n, n->argv[1], "unknown DNS type '%s'", n->argv[1]);
			return 0;
		}
	}
	if (c->type == PT_UDP) {
		if (!strcmp(k, "payload"))
			return one_str(n, &c->payload, err);
		if (!strcmp(k, "require_reply")) {
			c->require_reply = true;
			return n->argc > 1 ? one_str(n, &c->reply, err) : 0;
		}
		if (!strcmp(k, "min_reply_length"))
			return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_uint(n, 1, 0, 65535, &c->min_reply, err);
		if (!strcmp(k, "max_reply_length"))
			return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_uint(n, 1, 0, 65535, &c->max_reply, err);
	}
	if (c->type == PT_FILE) {
		if (!strcmp(k, "track_file"))
			return one_str(n, &c->track_file, err);
		if (!strcmp(k, "file"))
			return one_str(n, &c->file, err);
		if (!strcmp(k, "weight"))
			return 0;	/* keepalived's weight arithmetic: the value 0 is all we judge */
	}
	return conf_error(err, n, k, "unknown keyword '%s' in %s", k, c->kind);
}

static void ckconf_free(struct ckconf *c)
{
	for (int i = 0; i < c->nurl; i++) {
		free(c->url[i].path);
		free(c->url[i].digest);
		free(c->url[i].codes);
		free(c->url[i].regex);
		free(c->url[i].vhost);
	}
	free(c->vhost);
	free(c->sni);
	free(c->misc_path);
	free(c->user);
	free(c->helo);
	free(c->dns_name);
	free(c->payload);
	free(c->reply);
	free(c->track_file);
	free(c->file);
}

/* file of track_file NAME { file PATH } at the top level (vrrpd's block) */
static const char *track_file_path(const struct conf *conf, const char *name)
{
	for (const struct conf_node *n = conf_find(conf->root, "track_file"); n;
	     n = conf_find(n->next, "track_file")) {
		if (n->argc < 2 || strcmp(n->argv[1], name))
			continue;
		const struct conf_node *f = conf_find(n->child, "file");
		if (f && f->argc > 1)
			return f->argv[1];
	}
	return NULL;
}

static int cfg_add_file(struct cfg *cf, const struct conf_node *n, const char *what,
			const char *path, int mode);

/* enable_script_security: is cmd (run as uid/gid) safe from others?  0, or
 * an error naming n's line */
static int script_secure(struct pctx *px, const struct conf_node *n, const char *what,
			 const char *cmd, uid_t uid, gid_t gid)
{
	char why[300];

	if (!px->cf->script_security || !cmd)
		return 0;
	if (scriptsec_check(cmd, uid, gid, why, sizeof(why)) < 0)
		return conf_error(px->err, n, cmd, "%s '%.200s' refused by enable_script_security: %s",
				  what, cmd, why);
	return 0;
}

/* the same for a notify or quorum script (run as the script user) */
static int notify_secure(struct pctx *px, const struct conf_node *n, const char *what,
			 const char *cmd)
{
	return script_secure(px, n, what, cmd, px->script_uid, px->script_gid);
}

/* the SSL { } block's files for an SSL_GET spec: 0 or -ENOMEM */
static int ssl_spec(const struct sslconf *c, struct probe_spec *s)
{
	if ((c->ca && !(s->cacert = strdup(c->ca))) || (c->cert && !(s->tls_cert = strdup(c->cert))) ||
	    (c->key && !(s->tls_key = strdup(c->key))) || (c->pass && !(s->tls_pass = strdup(c->pass))))
		return -ENOMEM;
	return 0;
}

/* the url's regex for s, as keepalived's url end handler: regex_* keys
 * without a regex, or a min offset past the max, are dropped with a word */
static int url_regex(const struct urlconf *u, struct probe_spec *s, struct conf_err *err)
{
	char why[200];
	struct hc_regex *re;

	if (!u->regex) {
		if (u->regex_no_match || u->options_set || u->min_set || u->max_set || u->stack_set)
			conf_warn(u->n, "regex parameters without a regex: ignored");
		return 0;
	}
	re = regex_new(u->regex, u->regex_options, u->stack_set ? u->stack_start : 0,
		       u->stack_set ? u->stack_max : 0, why, sizeof(why));
	if (!re)
		return conf_error(err, u->regex_node, u->regex, "bad regex '%s': %s", u->regex, why);
	re->no_match = u->regex_no_match;
	if (u->max_set && u->min_set && u->min_offset > u->max_offset) {
		conf_warn(u->n, "regex_min_offset %zu is past regex_max_offset %zu: both ignored",
			  u->min_offset, u->max_offset);
	} else {
		re->min_offset = u->min_set ? u->min_offset : 0;
		re->max_offset = u->max_set ? u->max_offset : SIZE_MAX;
	}
	s->regex = re;
	return 0;
}

/* one probe spec of c (url index ui for HTTP), with defaults d merged */
static int make_spec(struct pctx *px, struct ckconf *c, int ui, const struct defaults *d,
		     struct probe_spec *s)
{
	struct conf_err *err = px->err;
	const struct conf_node *n = c->n;
	static const uint16_t dflt_port[PT__COUNT] = {
		[PT_HTTP] = 80, [PT_HTTPS] = 443, [PT_SMTP] = 25, [PT_DNS] = 53,
	};
	int port = d->port != UNSET ? d->port : dflt_port[c->type];
	char url[400];

	spec_init(s);
	s->type = c->type;
	s->timeout_ms = d->timeout_ms != UNSET ? d->timeout_ms : 5000;
	/* keepalived's connect_timeout bounds each step of HTTP_GET/SSL_GET,
	 * not the whole exchange: a server slow but answering passes there */
	s->step_timeout = c->type == PT_HTTP || c->type == PT_HTTPS;
	if (c->type == PT_EXEC) {
		char *buf, *argv[SCRIPT_MAX_ARGS];
		int na;
		if (!c->misc_path)
			return conf_error(err, n, n->kw, "MISC_CHECK needs misc_path");
		buf = strdup(c->misc_path);
		na = script_split(buf, argv, SCRIPT_MAX_ARGS);
		if (na < 1 || argv[0][0] != '/') {
			free(buf);
			return conf_error(err, n, n->kw, "misc_path needs an absolute program path");
		}
		s->argv = calloc((size_t)na + 1, sizeof(char *));
		for (int i = 0; i < na; i++)
			s->argv[i] = strdup(argv[i]);
		free(buf);
		s->path = strdup(s->argv[0]);
		s->url = strdup(c->misc_path);
		if (cfg_add_file(px->cf, c->misc_node, "misc_path program", s->path, X_OK) < 0)
			return conf_error(err, n, NULL, "out of memory");
		s->dynamic = c->dynamic;
		if (c->user) {
			struct passwd *pw = getpwnam(c->user);
			s->uid = pw->pw_uid;
			s->gid = pw->pw_gid;
			s->set_user = true;
			if (spec_switches_user(s) && !px->cf->user_at[0])
				snprintf(px->cf->user_at, sizeof(px->cf->user_at), "%s:%d: 'user %s'",
					 c->user_node->file, c->user_node->line, c->user);
		} else if (px->cf->script_user[0]) {
			s->uid = px->script_uid;
			s->gid = px->script_gid;
			s->set_user = true;
			if (spec_switches_user(s) && !px->cf->user_at[0])
				snprintf(px->cf->user_at, sizeof(px->cf->user_at), "%s",
					 px->script_user_at);
		}
		return script_secure(px, c->misc_node, "misc_path", c->misc_path,
				     s->set_user ? s->uid : getuid(), s->set_user ? s->gid : getgid());
	}
	if (c->type == PT_FILE) {
		const char *path = c->file;
		if (!path && c->track_file && !(path = track_file_path(px->conf, c->track_file)))
			return conf_error(err, n, c->track_file, "no track_file '%s' with a file", c->track_file);
		if (!path)
			return conf_error(err, n, n->kw, "FILE_CHECK needs track_file or file");
		s->path = strdup(path);
		snprintf(url, sizeof(url), "file:%s", path);
		s->url = strdup(url);
		return 0;
	}
	if (!d->ip[0])
		return conf_error(err, n, n->kw, "%s needs connect_ip (or an address around it)", c->kind);
	if (port == UNSET && c->type != PT_ICMP)
		return conf_error(err, n, n->kw, "%s needs connect_port", c->kind);
	if (port == UNSET)
		port = 0;
	if (parse_sockaddr(d->ip, (uint16_t)port, &s->addr, &s->addrlen) < 0)
		return conf_error(err, n, d->ip, "bad address '%s'", d->ip);
	if (d->srclen) {
		if (d->src.ss_family != s->addr.ss_family)
			return conf_error(err, n, "bindto", "bindto is not of connect_ip's family");
		s->src = d->src;
		s->srclen = d->srclen;
	}
	memcpy(s->ifname, d->ifname, sizeof(d->ifname));
	s->fwmark = d->fwmark;
	s->host = strdup(d->ip);
	s->port = (uint16_t)port;
	{
		bool v6 = strchr(d->ip, ':') != NULL;
		const char *scheme = probe_type_name[c->type];
		const char *path = c->type == PT_HTTP || c->type == PT_HTTPS ?
			(c->url[ui].path ? c->url[ui].path : "/") : "";
		if (c->type == PT_ICMP)
			snprintf(url, sizeof(url), "icmp://%s%s%s", v6 ? "[" : "", d->ip, v6 ? "]" : "");
		else
			snprintf(url, sizeof(url), "%s://%s%s%s:%d%s", scheme, v6 ? "[" : "", d->ip,
				 v6 ? "]" : "", port, path);
		s->url = strdup(url);
	}
	switch (c->type) {
	case PT_HTTP:
	case PT_HTTPS: {
		struct urlconf *u = &c->url[ui];
		s->path = strdup(u->path ? u->path : "/");
		if (u->vhost || c->vhost || d->vhost)
			s->vhost = strdup(u->vhost ? u->vhost : c->vhost ? c->vhost : d->vhost);
		s->http10 = c->http10;
		s->sni = c->sni ? strdup(c->sni) : s->vhost ? strdup(s->vhost) : NULL;
		if (c->type == PT_HTTPS && ssl_spec(&px->ssl, s) < 0)
			return conf_error(err, n, NULL, "out of memory");
		if (u->codes && parse_codes(u->codes, s) < 0)
			return conf_error(err, n, u->codes, "bad status_code '%s'", u->codes);
		if (u->digest && digest_parse(u->digest, &s->digest_alg, s->digest) < 0)
			return conf_error(err, n, u->digest, "bad digest '%s'", u->digest);
		if (url_regex(u, s, err) < 0)
			return -EINVAL;
		if (u->digest)
			s->max_body = 64u << 20;
		break;
	}
	case PT_SMTP:
		s->helo = c->helo ? strdup(c->helo) : NULL;
		break;
	case PT_DNS:
		s->qname = strdup(c->dns_name ? c->dns_name : ".");
		s->qtype = c->dns_type ? c->dns_type : DNS_T_SOA;
		break;
	case PT_UDP:
		if (c->payload && parse_hex(c->payload, &s->send, NULL, &s->send_len) < 0)
			return conf_error(err, n, c->payload, "bad hex payload '%s'", c->payload);
		if (c->reply && parse_hex(c->reply, &s->expect, &s->expect_mask, &s->expect_len) < 0)
			return conf_error(err, n, c->reply, "bad hex reply '%s'", c->reply);
		s->require_reply = c->require_reply;
		s->min_reply = c->min_reply;
		s->max_reply = c->max_reply;
		break;
	default:
		break;
	}
	return 0;
}

static const struct { const char *kw; enum probe_type type; } checker_kws[] = {
	{ "TCP_CHECK", PT_TCP }, { "HTTP_GET", PT_HTTP }, { "SSL_GET", PT_HTTPS },
	{ "MISC_CHECK", PT_EXEC }, { "SMTP_CHECK", PT_SMTP }, { "DNS_CHECK", PT_DNS },
	{ "UDP_CHECK", PT_UDP }, { "PING_CHECK", PT_ICMP }, { "FILE_CHECK", PT_FILE },
};

static int is_checker(const char *kw)
{
	for (size_t i = 0; i < sizeof(checker_kws) / sizeof(checker_kws[0]); i++)
		if (!strcmp(kw, checker_kws[i].kw))
			return (int)i;
	return -1;
}

/* SMTP_CHECK with host blocks: does the checker's own connection count as
 * one more host?  keepalived: when it sets a connection key itself. */
static bool smtp_own_host(const struct ckconf *c)
{
	const struct defaults *o = &c->d;

	return !c->nhost || o->ip[0] || o->port != UNSET || o->srclen || o->ifname[0] ||
	       o->fwmark || o->timeout_ms != UNSET;
}

/* defaults of host h: the connection of the block around (rs) with the
 * host's keys over it, the timing of d (the SMTP_CHECK's, merged) */
static void host_defaults(struct defaults *out, const struct defaults *d,
			  const struct defaults *around, const struct hostconf *h)
{
	struct defaults conn;

	defaults_merge(&conn, around, &h->d);
	*out = *d;
	strcpy(out->ip, conn.ip);
	out->port = conn.port;
	out->src = conn.src;
	out->srclen = conn.srclen;
	out->timeout_ms = conn.timeout_ms;
	strcpy(out->ifname, conn.ifname);
	out->fwmark = conn.fwmark;
}

/* A checker block inside the target px->t, defaults px->d. */
static int kw_checker(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct pctx *px = ctx;
	struct ckconf c;
	struct defaults d;
	int k = is_checker(n->kw), nspec, own, r = 0;

	memset(&c, 0, sizeof(c));
	c.n = n;
	c.type = checker_kws[k].type;
	c.kind = checker_kws[k].kw;
	c.t = px->t;
	defaults_init(&c.d);
	if (n->block && (r = conf_walk(n->child, (const struct conf_kw[]){ { NULL, kw_checker_item, CONF_KW_MAYBLOCK } },
				       &c, err)) < 0)
		goto out;
	defaults_merge(&d, &px->d, &c.d);
	own = c.type != PT_SMTP || smtp_own_host(&c);
	nspec = (c.type == PT_HTTP || c.type == PT_HTTPS) ? (c.nurl ? c.nurl : 1) :
		c.type == PT_SMTP ? own + c.nhost : 1;
	for (int i = 0; i < nspec; i++) {
		struct probe_spec s;
		struct hc_checker *ck;
		struct defaults hd = d;
		if (c.type == PT_SMTP && i >= own)
			host_defaults(&hd, &d, &px->d, &c.host[i - own]);
		if ((r = make_spec(px, &c, c.type == PT_SMTP ? 0 : i, &hd, &s)) < 0) {
			spec_free(&s);
			goto out;
		}
		if (s.type == PT_ICMP) {
			char *at = px->cf->ping_at[s.addr.ss_family == AF_INET6];
			if (!at[0])
				snprintf(at, sizeof(px->cf->ping_at[0]), "%s:%d: '%s'", n->file, n->line, n->kw);
		}
		if (!(ck = target_add_checker(px->t, &s, c.kind))) {
			spec_free(&s);
			r = conf_error(err, n, NULL, "out of memory");
			goto out;
		}
		ck->interval_ms = d.interval_ms != UNSET ? d.interval_ms : 5000;
		ck->rise = d.rise != UNSET ? d.rise : 1;
		ck->retry = d.retry != UNSET ? d.retry : (c.type == PT_EXEC ? 0 : 1);
		/* keepalived's delay_before_retry defaults: 3 s for HTTP_GET and
		 * SSL_GET, delay_loop for DNS_CHECK, 1 s otherwise */
		ck->retry_delay_ms = d.retry_delay_ms != UNSET ? d.retry_delay_ms :
			c.type == PT_HTTP || c.type == PT_HTTPS ? 3000 :
			c.type == PT_DNS ? ck->interval_ms : 1000;
		ck->warmup_ms = d.warmup_ms != UNSET ? d.warmup_ms : 0;
	}
out:
	ckconf_free(&c);
	return r;
}

/* --- check NAME { } -------------------------------------------------------------- */
/* keywords of a target block (check NAME, real_server); the checker blocks
 * are read afterwards, when every default of the block is known */
static int kw_target_item(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct pctx *px = ctx;
	struct hc_target *t = px->t;
	const char *k = n->kw;
	int r;

	if (is_checker(k) >= 0)
		return 0;	/* second pass */
	if ((r = kw_common(n, &px->d, err)) <= 0)
		return r;
	if (!strcmp(k, "address")) {
		uint16_t p;
		if (conf_nargs(n, 1, 2, err) < 0 || addr_str(n, 1, px->d.ip, sizeof(px->d.ip), err) < 0)
			return -EINVAL;
		if (n->argc > 2) {
			if (conf_port(n, 2, &p, err) < 0)
				return -EINVAL;
			px->d.port = p;
		}
		return 0;
	}
	if (!strcmp(k, "alpha") || !strcmp(k, "no_alpha")) {
		bool b = true;
		if (n->argc > 1 && conf_bool(n, 1, &b, err) < 0)
			return -EINVAL;
		t->alpha = !strcmp(k, "alpha") ? b : !b;
		return 0;
	}
	if (!strcmp(k, "weight"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_int(n, 1, 0, 65535, &t->weight, err);
	if (!strcmp(k, "agent_port")) {
		/* agent_port [ADDR] PORT: ADDR an address of ours, or "*" for all */
		struct sockaddr_storage ss;
		socklen_t sl;
		if (conf_nargs(n, 1, 2, err) < 0 || conf_port(n, n->argc - 1, &t->agent_port, err) < 0)
			return -EINVAL;
		free(t->agent_addr);
		t->agent_addr = NULL;
		if (n->argc == 3) {
			if (strcmp(n->argv[1], "*") && parse_sockaddr(n->argv[1], 0, &ss, &sl) < 0)
				return conf_error(err, n, n->argv[1], "bad agent address '%s'", n->argv[1]);
			return conf_strdup(n, 1, &t->agent_addr, err);
		}
		return 0;
	}
	if (!strcmp(k, "haproxy_server"))
		return one_str(n, &t->haproxy_server, err);
	if (!strcmp(k, "notify_up")) {
		free(t->notify_up);
		t->notify_up = NULL;
		return conf_script(n, 1, &t->notify_up, err) < 0 ? -EINVAL :
		       notify_secure(px, n, k, t->notify_up);
	}
	if (!strcmp(k, "notify_down")) {
		free(t->notify_down);
		t->notify_down = NULL;
		return conf_script(n, 1, &t->notify_down, err) < 0 ? -EINVAL :
		       notify_secure(px, n, k, t->notify_down);
	}
	return conf_error(err, n, k, "unknown keyword '%s' in check %s", k, t->name);
}

/* read a target block's body into t: its own keywords, then its checkers */
static int read_target(struct pctx *px, const struct conf_node *body, struct hc_target *t)
{
	static const struct conf_kw items[] = { { NULL, kw_target_item, CONF_KW_MAYBLOCK } };
	struct conf_err *err = px->err;
	int r;

	px->t = t;
	if ((r = conf_walk(body, items, px, err)) < 0)
		return r;
	for (const struct conf_node *n = body; n; n = n->next)
		if (is_checker(n->kw) >= 0 && (r = kw_checker(n, px, err)) < 0)
			return r;
	return 0;
}

static int kw_check(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct pctx *px = ctx;
	struct pctx sub = *px;
	struct hc_target *t;
	int r;

	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	if (strpbrk(n->argv[1], " \t\"\n"))
		return conf_error(err, n, n->argv[1], "a check name has no blanks or quotes");
	if (!(t = target_new(n->argv[1])))
		return conf_error(err, n, NULL, "out of memory");
	defaults_init(&sub.d);
	if ((r = read_target(&sub, n->child, t)) < 0) {
		target_free(t);
		return r;
	}
	if (!t->nck) {
		target_free(t);
		return conf_error(err, n, n->argv[1], "check %s has no checker block", n->argv[1]);
	}
	if (cfg_add_target(px->cf, t) < 0) {
		target_free(t);
		return conf_error(err, n, n->argv[1], "a check named '%s' exists already", n->argv[1]);
	}
	return 0;
}

/* --- global_defs ------------------------------------------------------------------ */
static int kw_global_item(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct pctx *px = ctx;
	const char *k = n->kw;

	if (!strcmp(k, "hcheckd_agent"))
		return one_str(n, &px->cf->agent, err);
	if (!strcmp(k, "hcheckd_haproxy_socket"))
		return one_str(n, &px->cf->haproxy_sock, err);
	if (!strcmp(k, "hcheckd_metrics_listen")) {
		struct sockaddr_storage ss;
		socklen_t sl;
		const char *why;
		if (one_str(n, &px->cf->metrics, err) < 0)
			return -EINVAL;
		if (httpd_addr_parse(px->cf->metrics, &ss, &sl, &why) < 0)
			return conf_error(err, n, n->argv[1], "%s", why);
		return 0;
	}
	if (!strcmp(k, "hcheckd_max_inflight"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_uint(n, 1, 1, 1000000, &px->cf->cap[CL_NET], err);
	if (!strcmp(k, "hcheckd_max_tls"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_uint(n, 1, 1, 1000000, &px->cf->cap[CL_TLS], err);
	if (!strcmp(k, "hcheckd_max_scripts"))
		return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_uint(n, 1, 1, 1000000, &px->cf->cap[CL_EXEC], err);
	if (!strcmp(k, "lvs_flush")) {
		px->cf->lvs_flush = true;
		return conf_nargs(n, 0, 0, err) < 0 ? -EINVAL : 0;
	}
	if (!strcmp(k, "lvs_flush_onstop") || !strcmp(k, "lvs_flush_on_stop")) {
		if (conf_nargs(n, 0, 1, err) < 0)
			return -EINVAL;
		if (n->argc == 2 && strcmp(n->argv[1], "VS"))
			return conf_error(err, n, n->argv[1], "%s takes nothing (the whole table) "
					  "or VS (the configured virtual servers)", k);
		px->cf->flush_onstop = n->argc == 2 ? CFG_FLUSH_VS : CFG_FLUSH_ALL;
		return 0;
	}
	/* lvs_sync_daemon: lvssync_conf() reads it with vrrp_instance's form */
	return kakw_global_other(n, err);	/* other programs' keys, or a typo */
}

static int kw_global(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_walk(n->child, (const struct conf_kw[]){ { NULL, kw_global_item, CONF_KW_MAYBLOCK } },
			 ctx, err);
}


/* --- virtual_server / real_server ---------------------------------------------- */
static uint64_t us_or(uint64_t v, int unset_ms)
{
	return v == LVS_UNSET ? (uint64_t)(int64_t)unset_ms : v / 1000;
}

static char *dup_script(const struct lvs_script *sc)
{
	return sc->cmd ? strdup(sc->cmd) : NULL;
}

static void hostport(char *buf, size_t len, const struct ipaddr *a, uint16_t port)
{
	char ip[IPADDR_STRLEN];

	ipaddr_fmt(a, ip, sizeof(ip), false);
	if (a->family == AF_INET6)
		snprintf(buf, len, "[%s]:%u", ip, port);
	else
		snprintf(buf, len, "%s:%u", ip, port);
}

static int read_rs(struct pctx *px, struct lvs_vs *v, struct cfg_vs *cv, size_t k)
{
	struct lvs_rs *r = &v->rs[k];
	struct cfg_rs *cr = &cv->rs[k];
	struct conf_err *err = px->err;
	struct hc_target *t;
	char name[300], rsname[80];
	int rc;

	cr->vs = cv;
	lvs_rs_dest(v, r, &cr->dest);
	cr->inhibit = r->d.inhibit_on_failure;
	hostport(rsname, sizeof(rsname), &r->addr, r->port);
	snprintf(name, sizeof(name), "%s/%s", cv->name, rsname);
	if (!(t = target_new(name)) || !(cr->tname = strdup(name))) {
		target_free(t);
		return conf_error(err, r->node, NULL, "out of memory");
	}
	t->alpha = r->d.alpha;
	t->weight = r->weight;
	t->notify_up = dup_script(&r->notify_up);
	t->notify_down = dup_script(&r->notify_down);
	if (notify_secure(px, r->node, "notify_up", t->notify_up) < 0 ||
	    notify_secure(px, r->node, "notify_down", t->notify_down) < 0) {
		target_free(t);
		return -EINVAL;
	}
	t->rs = cr;
	defaults_init(&px->d);
	ipaddr_fmt(&r->addr, px->d.ip, sizeof(px->d.ip), false);
	px->d.port = r->port ? r->port : UNSET;
	px->d.interval_ms = (int)us_or(r->d.delay_loop_us, 60000);
	px->d.timeout_ms = (int)us_or(r->d.connect_timeout_us, 5000);
	if (r->d.delay_before_retry_us != LVS_UNSET)
		px->d.retry_delay_ms = (int)(r->d.delay_before_retry_us / 1000);
	if (r->d.warmup_us != LVS_UNSET)
		px->d.warmup_ms = (int)(r->d.warmup_us / 1000);
	if (r->d.retry >= 0)
		px->d.retry = r->d.retry;
	px->d.vhost = r->d.virtualhost;
	px->t = t;
	for (size_t i = 0; i < r->nchecks; i++) {
		if (r->checks[i].type == LVS_CHECK_BFD) {
			target_free(t);
			return conf_error(err, r->checks[i].node, "BFD_CHECK",
					  "'BFD_CHECK' is not supported by hcheckd");
		}
		if ((rc = kw_checker(r->checks[i].node, px, err)) < 0) {
			target_free(t);
			return rc;
		}
	}
	/* a real server without checkers is always up (keepalived) */
	if (!t->nck)
		t->alpha = false;
	if (cfg_add_target(px->cf, t) < 0) {
		target_free(t);
		return conf_error(err, r->node, rsname, "real server %s appears twice in %s",
				  rsname, cv->name);
	}
	return 0;
}

static int read_lvs(struct pctx *px)
{
	struct lvs_conf lc;
	struct conf_err *err = px->err;
	struct cfg *cf = px->cf;
	int rc = 0;

	if (lvsconf_parse(px->conf->root, &lc, err) < 0)
		return -EINVAL;
	if (!lc.nvs)
		goto out;
	cf->vs = calloc(lc.nvs, sizeof(*cf->vs));
	if (!cf->vs) {
		rc = conf_error(err, NULL, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < lc.nvs; i++) {
		struct lvs_vs *v = &lc.vs[i];
		struct cfg_vs *cv = &cf->vs[i];
		cf->nvs++;
		if (!cf->vs_at[0] && v->node) {
			char bn[200];
			snprintf(cf->vs_at, sizeof(cf->vs_at), "%s:%d: '%s'", v->node->file,
				 v->node->line, conf_block_name(v->node, bn, sizeof(bn)));
		}
		if (v->kind == LVS_VS_GROUP)
			snprintf(cv->name, sizeof(cv->name), "%s", v->group->name);
		else if (v->kind == LVS_VS_FWMARK)
			snprintf(cv->name, sizeof(cv->name), "fwmark%u", v->fwmark);
		else
			hostport(cv->name, sizeof(cv->name), &v->addr, v->port);
		if ((rc = lvs_vs_services(v, &cv->svc, &cv->nsvc, err)) < 0)
			goto out;
		cv->omega = v->omega;
		cv->ha_suspend = v->ha_suspend;
		cv->quorum = v->quorum;
		cv->hysteresis = v->hysteresis;
		cv->quorum_up = dup_script(&v->quorum_up);
		cv->quorum_down = dup_script(&v->quorum_down);
		if ((rc = notify_secure(px, v->node, "quorum_up", cv->quorum_up)) < 0 ||
		    (rc = notify_secure(px, v->node, "quorum_down", cv->quorum_down)) < 0)
			goto out;
		cv->has_sorry = v->has_sorry;
		cv->sorry_inhibit = v->sorry_inhibit;
		if (v->has_sorry)
			lvs_sorry_dest(v, &cv->sorry);
		cv->quorum_ok = true;
		cv->rs = calloc(v->nrs ? v->nrs : 1, sizeof(*cv->rs));
		if (!cv->rs) {
			rc = conf_error(err, NULL, NULL, "out of memory");
			goto out;
		}
		for (size_t k = 0; k < v->nrs; k++) {
			cv->nrs++;
			if ((rc = read_rs(px, v, cv, k)) < 0)
				goto out;
		}
	}
out:
	lvsconf_free(&lc);
	return rc;
}

/* SSL { ca FILE certificate FILE key FILE password PASS }: read before the
 * checkers (it may come after them); a second block replaces the first, as
 * keepalived (which says so) */
static int kw_ssl_item(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct sslconf *c = ctx;
	const char *k = n->kw;
	const char **v = !strcmp(k, "ca") ? &c->ca : !strcmp(k, "certificate") ? &c->cert :
			 !strcmp(k, "key") ? &c->key : !strcmp(k, "password") ? &c->pass : NULL;

	if (!v)
		return conf_error(err, n, k, "unknown keyword '%s' in SSL", k);
	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	*v = n->argv[1];
	return 0;
}

static int cfg_add_file(struct cfg *cf, const struct conf_node *n, const char *what,
			const char *path, int mode)
{
	struct cfg_file *v = realloc(cf->files, (cf->nfiles + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	cf->files = v;
	v += cf->nfiles;
	if (!(v->path = strdup(path)))
		return -ENOMEM;
	cf->nfiles++;
	v->what = what;
	v->mode = mode;
	snprintf(v->at, sizeof(v->at), "%s:%d", n->file, n->line);
	return 0;
}

int cfg_check_files(const struct cfg *cf, char *err, size_t len)
{
	for (size_t i = 0; i < cf->nfiles; i++) {
		const struct cfg_file *f = &cf->files[i];
		struct stat st;
		if (stat(f->path, &st) < 0) {
			snprintf(err, len, "%s: %s '%s': %s", f->at, f->what, f->path, strerror(errno));
			return -1;
		}
		if (!S_ISREG(st.st_mode) || access(f->path, f->mode) < 0) {
			snprintf(err, len, "%s: %s '%s' is not %s file", f->at, f->what, f->path,
				 f->mode == X_OK ? "an executable" : "a readable");
			return -1;
		}
	}
	return 0;
}

/* global_defs' script_user and enable_script_security, read before the
 * checkers that need them (global_defs may come after) */
static int read_script_globals(struct pctx *px, struct conf_err *err)
{
	struct cfg *cf = px->cf;
	const struct conf_node *g, *n;

	px->script_uid = getuid();
	px->script_gid = getgid();
	for (g = conf_find(px->conf->root, "global_defs"); g; g = conf_find(g->next, "global_defs")) {
		for (n = g->child; n; n = n->next) {
			struct passwd *pw;
			struct group *gr = NULL;
			if (!strcmp(n->kw, "enable_script_security")) {
				cf->script_security = true;
				continue;
			}
			if (strcmp(n->kw, "script_user"))
				continue;
			if (conf_nargs(n, 1, 2, err) < 0)
				return -EINVAL;
			if (!(pw = getpwnam(n->argv[1])))
				return conf_error(err, n, n->argv[1], "no such user '%s'", n->argv[1]);
			if (n->argc > 2 && !(gr = getgrnam(n->argv[2])))
				return conf_error(err, n, n->argv[2], "no such group '%s'", n->argv[2]);
			snprintf(cf->script_user, sizeof(cf->script_user), "%s", n->argv[1]);
			snprintf(cf->script_group, sizeof(cf->script_group), "%s", gr ? n->argv[2] : "");
			px->script_uid = pw->pw_uid;
			px->script_gid = gr ? gr->gr_gid : pw->pw_gid;
			snprintf(px->script_user_at, sizeof(px->script_user_at), "%s:%d: 'script_user %s'",
				 n->file, n->line, n->argv[1]);
		}
	}
	return 0;
}

/* after the whole file: notify and quorum scripts run as the script user;
 * when that is another user, the daemon must keep CAP_SETUID/CAP_SETGID */
static void notify_user(struct pctx *px)
{
	struct cfg *cf = px->cf;
	bool any = false;

	if (!cf->script_user[0] || (px->script_uid == getuid() && px->script_uid == geteuid() &&
				    px->script_gid == getgid() && px->script_gid == getegid()))
		return;
	for (size_t i = 0; i < cf->nt; i++)
		any |= cf->t[i]->notify_up || cf->t[i]->notify_down;
	for (size_t i = 0; i < cf->nvs; i++)
		any |= cf->vs[i].quorum_up || cf->vs[i].quorum_down;
	if (!any)
		return;
	cf->notify_switch = true;
	if (!cf->user_at[0])
		snprintf(cf->user_at, sizeof(cf->user_at), "%s", px->script_user_at);
}

static int read_ssl(struct pctx *px, struct conf_err *err)
{
	const struct conf_node *last = NULL;

	for (const struct conf_node *n = conf_find(px->conf->root, "SSL"); n; n = conf_find(n->next, "SSL")) {
		if (last)
			conf_warn(n, "a second SSL block replaces the one of line %d", last->line);
		last = n;
	}
	memset(&px->ssl, 0, sizeof(px->ssl));
	if (!last)
		return 0;
	if (conf_walk(last->child, (const struct conf_kw[]){ { NULL, kw_ssl_item, 0 } }, &px->ssl, err) < 0)
		return -EINVAL;
	for (const struct conf_node *n = last->child; n; n = n->next)
		if (strcmp(n->kw, "password") &&
		    cfg_add_file(px->cf, n, !strcmp(n->kw, "ca") ? "SSL ca" : !strcmp(n->kw, "key") ?
				 "SSL key" : "SSL certificate", n->argv[1], R_OK) < 0)
			return conf_error(err, n, NULL, "out of memory");
	return 0;
}

/* other programs' blocks (vrrp_instance, track_file...): skipped; a typo:
 * an error */
static int kw_other(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	if (kakw_top_other(n, err) < 0)
		return -EINVAL;
	log_debug("%s:%d: '%s' is not hcheckd's, skipped", n->file, n->line, n->kw);
	return 0;
}

static int parse(struct conf *c, struct cfg *out, char *errbuf, size_t len)
{
	struct conf_err err;
	struct pctx px = { .conf = c, .cf = out, .err = &err };
	struct conf_kw top[] = {
		{ "check", kw_check, CONF_KW_BLOCK },
		{ "global_defs", kw_global, CONF_KW_BLOCK },
		{ "virtual_server", NULL, CONF_KW_SKIP | CONF_KW_MAYBLOCK },
		{ "virtual_server_group", NULL, CONF_KW_SKIP | CONF_KW_MAYBLOCK },
		{ "SSL", NULL, CONF_KW_SKIP | CONF_KW_BLOCK },
		{ NULL, kw_other, CONF_KW_MAYBLOCK },
	};

	defaults_init(&px.d);
	if (read_script_globals(&px, &err) < 0 || read_ssl(&px, &err) < 0 ||
	    conf_walk(c->root, top, &px, &err) < 0 || lvssync_conf(c->root, &out->sync, &err) < 0 ||
	    read_lvs(&px) < 0) {
		conf_err_fmt(&err, errbuf, len);
		cfg_free(out);
		return -1;
	}
	notify_user(&px);
	return 0;
}

int cfg_load(const char *path, const char *config_id, struct cfg *out, char *errbuf,
	     size_t len)
{
	struct conf_options o = { .instance = config_id };
	struct conf *c;
	struct conf_err err;
	int r;

	memset(out, 0, sizeof(*out));
	if (conf_load(path, &o, &c, &err) < 0) {
		conf_err_fmt(&err, errbuf, len);
		return -1;
	}
	r = parse(c, out, errbuf, len);
	conf_free(c);
	return r;
}

static void no_warn(void *arg, const char *file, int line, const char *msg)
{
}

int cfg_load_string(const char *text, const char *name, struct cfg *out, char *errbuf, size_t len)
{
	/* tests and fuzzers: no include (the text is not trusted), no noise */
	struct conf_options o = { .instance = "", .warn = no_warn, .flags = CONF_NO_INCLUDE };
	struct conf *c;
	struct conf_err err;
	int r;

	memset(out, 0, sizeof(*out));
	if (conf_load_string(text, strlen(text), name, &o, &c, &err) < 0) {
		conf_err_fmt(&err, errbuf, len);
		return -1;
	}
	r = parse(c, out, errbuf, len);
	conf_free(c);
	return r;
}

int cfg_add_target(struct cfg *cf, struct hc_target *t)
{
	struct hc_target **v;

	for (size_t i = 0; i < cf->nt; i++)
		if (!strcmp(cf->t[i]->name, t->name))
			return -EEXIST;
	v = realloc(cf->t, (cf->nt + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	cf->t = v;
	cf->t[cf->nt++] = t;
	return 0;
}

void cfg_free(struct cfg *cf)
{
	for (size_t i = 0; i < cf->nt; i++)
		target_free(cf->t[i]);
	free(cf->t);
	lvs_cfg_free(cf);
	free(cf->agent);
	free(cf->haproxy_sock);
	for (size_t i = 0; i < cf->nfiles; i++)
		free(cf->files[i].path);
	free(cf->files);
	free(cf->metrics);
	memset(cf, 0, sizeof(*cf));
}

bool cfg_needs_setuid(struct hc_target *const *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < t[i]->nck; j++)
			if (spec_switches_user(&t[i]->ck[j]->spec))
				return true;
	return false;
}
