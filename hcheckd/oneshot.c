/*
 * oneshot.c - one probe from the command line, with plugin output.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/json.h"
#include "hcheckd/digest.h"
#include "hcheckd/dns_parse.h"
#include "hcheckd/oneshot.h"
#include "hcheckd/probe.h"
#include "hcheckd/regex.h"
#include "hcheckd/tls.h"
#include "hcheckd/url.h"
#include "hcheckd/util.h"

enum out_fmt { OUT_NAGIOS, OUT_JSON, OUT_AGENT };
enum exit_map { MAP_NAGIOS, MAP_BINARY, MAP_INVERT };

struct opts {
	int retries, retry_delay_ms, warn_ms, crit_ms, family;
	enum out_fmt out;
	enum exit_map map;
	bool quiet, verbose;
	const char *connect, *source;
};

void oneshot_usage(FILE *f)
{
	fputs("usage: hcheckd check [options] URL [-- exec args]\n"
	      "       hcheckd genhash [options] URL\n"
	      "URL: tcp://H:P http://H[:P]/path https://H[:P]/path smtp://H[:P]\n"
	      "     dns://H[:P]/name?type=A udp://H:P?send=HEX&expect=HEX icmp://H\n"
	      "     exec:/path/to/program file:/path\n"
	      "common:  -t, --timeout DUR (total deadline per attempt, 2s)  -r, --retries N\n"
	      "         --retry-delay DUR  -w, --warn-time DUR  -c, --crit-time DUR\n"
	      "         -4 -6 --source ADDR --interface IF --fwmark N --connect ADDR[:PORT]\n"
	      "         -o, --output nagios|json|agent  --exit-map nagios|binary|invert\n"
	      "         -q, --quiet  -v, --verbose  -h, --help\n"
	      "http(s): -X, --method M  -H, --header 'Name: value'  --host NAME  -d, --data STR\n"
	      "         -e, --expect 200-299,301  -s, --body-contains STR  -R, --body-regex RE\n"
	      "         --body-not-regex RE  --digest md5:HEX|sha256:HEX  --max-body BYTES\n"
	      "         --http10  --sni NAME  --verify  --cacert FILE  --insecure\n"
	      "smtp:    --helo NAME\n"
	      "dns:     --type A|AAAA|SOA|...  --expect-rcode NOERROR|NXDOMAIN|N\n"
	      "         --expect-answer ADDR (repeatable)\n"
	      "udp:     --send-hex HEX  --send STR  --expect-hex HEX (X = any nibble)\n"
	      "         --require-reply  --min-reply N  --max-reply N\n"
	      "icmp:    --icmp-socket auto|dgram|raw\n"
	      "exec:    --kill-grace DUR  --dynamic  --user NAME\n"
	      "exit: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad arguments too)\n", f);
}

enum {
	O_RETRY_DELAY = 256, O_SOURCE, O_IFACE, O_FWMARK, O_CONNECT, O_EXITMAP, O_HOST,
	O_NOTREGEX, O_DIGEST, O_MAXBODY, O_SNI, O_VERIFY, O_CACERT, O_INSECURE, O_HELO,
	O_TYPE, O_RCODE, O_ANSWER, O_SENDHEX, O_SEND, O_EXPECTHEX, O_REQREPLY, O_MINREPLY,
	O_MAXREPLY, O_ICMPSOCK, O_KILLGRACE, O_DYNAMIC, O_USER, O_HTTP10, O_SHA256,
};

static const struct option longopts[] = {
	{ "timeout", 1, 0, 't' }, { "retries", 1, 0, 'r' }, { "retry-delay", 1, 0, O_RETRY_DELAY },
	{ "warn-time", 1, 0, 'w' }, { "crit-time", 1, 0, 'c' }, { "source", 1, 0, O_SOURCE },
	{ "interface", 1, 0, O_IFACE }, { "fwmark", 1, 0, O_FWMARK }, { "connect", 1, 0, O_CONNECT },
	{ "output", 1, 0, 'o' }, { "exit-map", 1, 0, O_EXITMAP }, { "quiet", 0, 0, 'q' },
	{ "verbose", 0, 0, 'v' }, { "help", 0, 0, 'h' }, { "method", 1, 0, 'X' },
	{ "header", 1, 0, 'H' }, { "host", 1, 0, O_HOST }, { "data", 1, 0, 'd' },
	{ "expect", 1, 0, 'e' }, { "body-contains", 1, 0, 's' }, { "body-regex", 1, 0, 'R' },
	{ "body-not-regex", 1, 0, O_NOTREGEX }, { "digest", 1, 0, O_DIGEST },
	{ "max-body", 1, 0, O_MAXBODY }, { "http10", 0, 0, O_HTTP10 }, { "sni", 1, 0, O_SNI },
	{ "verify", 0, 0, O_VERIFY }, { "cacert", 1, 0, O_CACERT }, { "insecure", 0, 0, O_INSECURE },
	{ "helo", 1, 0, O_HELO }, { "type", 1, 0, O_TYPE }, { "expect-rcode", 1, 0, O_RCODE },
	{ "expect-answer", 1, 0, O_ANSWER }, { "send-hex", 1, 0, O_SENDHEX },
	{ "send", 1, 0, O_SEND }, { "expect-hex", 1, 0, O_EXPECTHEX },
	{ "require-reply", 0, 0, O_REQREPLY }, { "min-reply", 1, 0, O_MINREPLY },
	{ "max-reply", 1, 0, O_MAXREPLY }, { "icmp-socket", 1, 0, O_ICMPSOCK },
	{ "kill-grace", 1, 0, O_KILLGRACE }, { "dynamic", 0, 0, O_DYNAMIC }, { "user", 1, 0, O_USER },
	{ "sha256", 0, 0, O_SHA256 },
	{ 0 },
};

static int usage_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_err(const char *fmt, ...)
{
	va_list ap;

	fputs("hcheckd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	return -1;
}

static int num(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	return !*s || *end || errno || *v > max || *s == '-' ? -1 : 0;
}

/* parse argv into s and o; 0, or -1 after a message (UNKNOWN) */
static int parse(int argc, char **argv, struct probe_spec *s, struct opts *o)
{
	char err[300];
	unsigned long v;
	int c, idx;
	char rerr[200];
	const char *url;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "t:r:w:c:46o:qvhX:H:d:e:s:R:", longopts, &idx)) != -1) {
		switch (c) {
		case 't':
			if (parse_duration_ms(optarg, &s->timeout_ms) < 0 || !s->timeout_ms)
				return usage_err("bad timeout '%s'", optarg);
			break;
		case 'r':
			if (num(optarg, 100, &v) < 0)
				return usage_err("bad retry count '%s'", optarg);
			o->retries = (int)v;
			break;
		case O_RETRY_DELAY:
			if (parse_duration_ms(optarg, &o->retry_delay_ms) < 0)
				return usage_err("bad retry delay '%s'", optarg);
			break;
		case 'w':
			if (parse_duration_ms(optarg, &o->warn_ms) < 0)
				return usage_err("bad warning time '%s'", optarg);
			break;
		case 'c':
			if (parse_duration_ms(optarg, &o->crit_ms) < 0)
				return usage_err("bad critical time '%s'", optarg);
			break;
		case '4': o->family = AF_INET; break;
		case '6': o->family = AF_INET6; break;
		case O_SOURCE: o->source = optarg; break;
		case O_IFACE:
			if (strlen(optarg) >= sizeof(s->ifname))
				return usage_err("interface name too long '%s'", optarg);
			strcpy(s->ifname, optarg);
			break;
		case O_FWMARK:
			if (num(optarg, UINT32_MAX, &v) < 0)
				return usage_err("bad fwmark '%s'", optarg);
			s->fwmark = (uint32_t)v;
			break;
		case O_CONNECT: o->connect = optarg; break;
		case 'o':
			if (!strcmp(optarg, "nagios") || !strcmp(optarg, "line")) o->out = OUT_NAGIOS;
			else if (!strcmp(optarg, "json")) o->out = OUT_JSON;
			else if (!strcmp(optarg, "agent")) o->out = OUT_AGENT;
			else return usage_err("unknown output format '%s'", optarg);
			break;
		case O_EXITMAP:
			if (!strcmp(optarg, "nagios")) o->map = MAP_NAGIOS;
			else if (!strcmp(optarg, "binary")) o->map = MAP_BINARY;
			else if (!strcmp(optarg, "invert")) o->map = MAP_INVERT;
			else return usage_err("unknown exit map '%s'", optarg);
			break;
		case 'q': o->quiet = true; break;
		case 'v': o->verbose = true; break;
		case 'h':
			oneshot_usage(stdout);
			exit(0);
		case 'X': free(s->method); s->method = strdup(optarg); break;
		case 'H':
			if (s->nheaders == PROBE_MAX_HEADERS)
				return usage_err("too many headers at '%s'", optarg);
			if (!strchr(optarg, ':') || strpbrk(optarg, "\r\n"))
				return usage_err("bad header '%s' (Name: value)", optarg);
			s->headers[s->nheaders++] = strdup(optarg);
			break;
		case O_HOST: free(s->vhost); s->vhost = strdup(optarg); break;
		case 'd': free(s->data); s->data = strdup(optarg); break;
		case 'e':
			if (parse_codes(optarg, s) < 0)
				return usage_err("bad status code list '%s'", optarg);
			break;
		case 's': free(s->body_contains); s->body_contains = strdup(optarg); break;
		case 'R':
		case O_NOTREGEX:
			if (s->regex)
				return usage_err("only one body regex, at '%s'", optarg);
			if (!(s->regex = regex_new(optarg, 0, 0, 0, rerr, sizeof(rerr))))
				return usage_err("bad regular expression '%s': %s", optarg, rerr);
			s->regex->no_match = c == O_NOTREGEX;
			break;
		case O_DIGEST:
			if (digest_parse(optarg, &s->digest_alg, s->digest) < 0)
				return usage_err("bad digest '%s' (md5:HEX or sha256:HEX)", optarg);
			break;
		case O_MAXBODY:
			if (num(optarg, 1UL << 30, &v) < 0)
				return usage_err("bad body size '%s'", optarg);
			s->max_body = v;
			break;
		case O_HTTP10: s->http10 = true; break;
		case O_SNI: free(s->sni); s->sni = strdup(optarg); break;
		case O_VERIFY: s->verify = true; break;
		case O_CACERT: free(s->cacert); s->cacert = strdup(optarg); s->verify = true; break;
		case O_INSECURE: s->verify = false; break;
		case O_HELO: free(s->helo); s->helo = strdup(optarg); break;
		case O_TYPE:
			if (!(s->qtype = dns_type_parse(optarg)))
				return usage_err("unknown DNS type '%s'", optarg);
			break;
		case O_RCODE:
			if ((s->expect_rcode = dns_rcode_parse(optarg)) < 0)
				return usage_err("unknown DNS rcode '%s'", optarg);
			break;
		case O_ANSWER: {
			uint8_t b[16];
			if (s->nexpect_answer == PROBE_MAX_ANSWERS)
				return usage_err("too many expected answers at '%s'", optarg);
			if (inet_pton(AF_INET, optarg, b) != 1 && inet_pton(AF_INET6, optarg, b) != 1)
				return usage_err("bad address '%s'", optarg);
			s->expect_answer[s->nexpect_answer++] = strdup(optarg);
			break;
		}
		case O_SENDHEX:
			free(s->send);
			if (parse_hex(optarg, &s->send, NULL, &s->send_len) < 0)
				return usage_err("bad hex '%s'", optarg);
			break;
		case O_SEND:
			free(s->send);
			s->send = (uint8_t *)strdup(optarg);
			s->send_len = strlen(optarg);
			break;
		case O_EXPECTHEX:
			free(s->expect);
			free(s->expect_mask);
			if (parse_hex(optarg, &s->expect, &s->expect_mask, &s->expect_len) < 0)
				return usage_err("bad hex '%s'", optarg);
			break;
		case O_REQREPLY: s->require_reply = true; break;
		case O_MINREPLY:
		case O_MAXREPLY:
			if (num(optarg, 65535, &v) < 0)
				return usage_err("bad length '%s'", optarg);
			if (c == O_MINREPLY) s->min_reply = v; else s->max_reply = v;
			break;
		case O_ICMPSOCK:
			if (!strcmp(optarg, "auto")) s->icmp_mode = ICMP_AUTO;
			else if (!strcmp(optarg, "dgram")) s->icmp_mode = ICMP_DGRAM;
			else if (!strcmp(optarg, "raw")) s->icmp_mode = ICMP_RAW;
			else return usage_err("unknown ICMP socket kind '%s'", optarg);
			break;
		case O_KILLGRACE:
			if (parse_duration_ms(optarg, &s->kill_grace_ms) < 0)
				return usage_err("bad duration '%s'", optarg);
			break;
		case O_DYNAMIC: s->dynamic = true; break;
		case O_USER: {
			struct passwd *pw = getpwnam(optarg);
			if (!pw)
				return usage_err("unknown user '%s'", optarg);
			s->uid = pw->pw_uid;
			s->gid = pw->pw_gid;
			s->set_user = true;
			break;
		}
		case O_SHA256: s->digest_alg = DIGEST_SHA256; break;
		case '?':
		default:
			if (optopt && optopt < 256)
				snprintf(err, sizeof(err), "-%c", optopt);
			else
				snprintf(err, sizeof(err), "%s", argv[optind - 1]);
			return usage_err("bad or incomplete option '%s' (see --help)", err);
		}
	}
	if (optind >= argc)
		return usage_err("%s", "missing URL (see --help)");
	url = argv[optind++];
	if (url_parse(url, s, err, sizeof(err)) < 0)
		return usage_err("%s", err);
	if (s->type == PT_EXEC) {
		int n = 0;
		if (optind < argc && !strcmp(argv[optind], "--"))
			optind++;
		s->argv = calloc((size_t)(argc - optind + 2), sizeof(char *));
		s->argv[n++] = strdup(s->path);
		while (optind < argc)
			s->argv[n++] = strdup(argv[optind++]);
		if (s->path[0] != '/')
			return usage_err("exec: needs an absolute path, not '%s'", s->path);
	} else if (optind < argc) {
		return usage_err("unexpected argument '%s'", argv[optind]);
	}
	if (s->type == PT_EXEC || s->type == PT_FILE)
		return 0;
	/* addresses: --connect overrides the URL host for the socket only */
	{
		char host[256];
		uint16_t port = s->port;
		const char *why = "bad address";
		if (o->connect) {
			if (split_hostport(o->connect, host, sizeof(host), &port) < 0)
				return usage_err("bad --connect '%s'", o->connect);
		} else {
			snprintf(host, sizeof(host), "%s", s->host);
		}
		if (resolve_host(host, port, o->family, &s->addr, &s->addrlen, &why) < 0) {
			snprintf(err, sizeof(err), "cannot resolve '%s': %s", host, why);
			return usage_err("%s", err);
		}
		if (o->source) {
			if (parse_sockaddr(o->source, 0, &s->src, &s->srclen) < 0 ||
			    s->src.ss_family != s->addr.ss_family)
				return usage_err("bad --source '%s' (an address of the target's family)",
						 o->source);
		}
	}
	return 0;
}

int oneshot_parse_spec(int argc, char **argv, struct probe_spec *s, int *retries,
		       int *retry_delay_ms)
{
	struct opts o = { .retry_delay_ms = 1000 };

	if (parse(argc, argv, s, &o) < 0)
		return -1;
	*retries = o.retries;
	*retry_delay_ms = o.retry_delay_ms;
	return 0;
}

static void run_attempt(struct engine *e, struct probe *p)
{
	if (probe_start(e, p, NULL, NULL) < 0) {
		p->res.status = PS_UNKNOWN;
		snprintf(p->res.reason, sizeof(p->res.reason), "cannot start the probe");
		return;
	}
	while (p->running)
		engine_run(e, -1);
}

static const char *label(const struct probe_spec *s)
{
	static const char *const l[PT__COUNT] = {
		[PT_TCP] = "TCP", [PT_HTTP] = "HTTP", [PT_HTTPS] = "HTTPS", [PT_SMTP] = "SMTP",
		[PT_DNS] = "DNS", [PT_UDP] = "UDP", [PT_ICMP] = "PING", [PT_EXEC] = "EXEC",
		[PT_FILE] = "FILE",
	};
	return l[s->type];
}

static void print_result(const struct probe_spec *s, const struct opts *o,
			 const struct probe_result *r, int attempts)
{
	double t = (double)r->elapsed_us / 1e6;

	if (o->quiet && r->status == PS_OK)
		return;
	if (o->out == OUT_JSON) {
		struct json j;
		json_init(&j, stdout);
		json_obj_begin(&j);
		json_kv_str(&j, "target", s->url);
		json_kv_str(&j, "type", probe_type_name[s->type]);
		json_kv_str(&j, "state", pstatus_name[r->status]);
		json_kv_int(&j, "code", r->status);
		json_kv_str(&j, "reason", r->reason);
		json_key(&j, "time");
		fprintf(stdout, "%.6f", t);
		j.need_comma[j.depth] = true;
		j.after_key = false;
		json_kv_int(&j, "attempts", attempts);
		if (r->http_code >= 0)
			json_kv_int(&j, "http_code", r->http_code);
		if (s->type == PT_HTTP || s->type == PT_HTTPS || s->type == PT_UDP || s->type == PT_DNS)
			json_kv_uint(&j, "bytes", r->bytes);
		if (r->digest_hex[0])
			json_kv_str(&j, "digest", r->digest_hex);
		if (r->rcode >= 0)
			json_kv_str(&j, "rcode", dns_rcode_name(r->rcode));
		if (s->type == PT_EXEC)
			json_kv_int(&j, "exit", r->exit_code);
		if (r->weight >= 0)
			json_kv_int(&j, "weight", r->weight);
		json_obj_end(&j);
		return;
	}
	if (o->out == OUT_AGENT) {
		if (r->status == PS_OK || r->status == PS_WARN)
			printf("up ready 100%%\n");
		else
			printf("down ready # %s\n", r->reason);
		return;
	}
	printf("%s %s - %s in %.3fs |time=%.6fs;%s;%s;0.000000", label(s), pstatus_name[r->status],
	       r->reason, t, t, "", "");
	if (s->type == PT_HTTP || s->type == PT_HTTPS)
		printf(" size=%lluB;;;0", (unsigned long long)r->bytes);
	putchar('\n');
}

static int map_exit(const struct opts *o, enum pstatus st)
{
	switch (o->map) {
	case MAP_BINARY: return st == PS_OK ? 0 : 1;
	case MAP_INVERT: return st == PS_OK ? 1 : 0;
	default: return (int)st;
	}
}

int oneshot_check(int argc, char **argv)
{
	struct probe_spec s;
	struct opts o = { .retry_delay_ms = 200 };
	struct engine *e = NULL;
	struct probe p;
	int attempts = 0, rc;

	spec_init(&s);
	if (parse(argc, argv, &s, &o) < 0) {
		spec_free(&s);
		return map_exit(&o, PS_UNKNOWN);
	}
	if (engine_new(&e) < 0) {
		fprintf(stderr, "hcheckd: cannot set up epoll: %s\n", strerror(errno));
		spec_free(&s);
		return map_exit(&o, PS_UNKNOWN);
	}
	probe_init(&p, &s);
	for (;;) {
		attempts++;
		run_attempt(e, &p);
		if (p.res.status == PS_OK || p.res.status == PS_UNKNOWN || attempts > o.retries)
			break;
		if (o.verbose)
			fprintf(stderr, "hcheckd: attempt %d: %s %s\n", attempts,
				pstatus_name[p.res.status], p.res.reason);
		usleep((useconds_t)o.retry_delay_ms * 1000);
	}
	if (p.res.status == PS_OK) {
		int ms = (int)(p.res.elapsed_us / 1000);
		if (o.crit_ms && ms >= o.crit_ms)
			probe_fail(&p, PS_CRIT, "%s, slower than %d ms", p.res.reason, o.crit_ms);
		else if (o.warn_ms && ms >= o.warn_ms)
			probe_fail(&p, PS_WARN, "%s, slower than %d ms", p.res.reason, o.warn_ms);
	}
	print_result(&s, &o, &p.res, attempts);
	rc = map_exit(&o, p.res.status);
	probe_release(&p);
	engine_free(e);
	tls_cleanup();
	spec_free(&s);
	return rc;
}

int oneshot_genhash(int argc, char **argv)
{
	struct probe_spec s;
	struct opts o = { 0 };
	struct engine *e = NULL;
	struct probe p;

	spec_init(&s);
	s.max_body = 64u << 20;
	if (parse(argc, argv, &s, &o) < 0) {
		spec_free(&s);
		return PS_UNKNOWN;
	}
	if (s.type != PT_HTTP && s.type != PT_HTTPS) {
		fprintf(stderr, "hcheckd: genhash needs an http:// or https:// URL\n");
		spec_free(&s);
		return PS_UNKNOWN;
	}
	/* the digest is printed, not compared; any status is accepted */
	enum digest_alg alg = s.digest_alg == DIGEST_SHA256 ? DIGEST_SHA256 : DIGEST_MD5;
	s.digest_alg = DIGEST_NONE;
	if (!s.ncodes) {
		s.codes[0].lo = 100;
		s.codes[0].hi = 599;
		s.ncodes = 1;
	}
	if (engine_new(&e) < 0) {
		spec_free(&s);
		return PS_UNKNOWN;
	}
	probe_init(&p, &s);
	p.want_digest = true;
	/* digest_new() in check_http uses md5 unless the spec asks otherwise */
	s.digest_alg = DIGEST_NONE;
	if (alg == DIGEST_SHA256) {
		s.digest_alg = DIGEST_SHA256;
		memset(s.digest, 0, sizeof(s.digest));
	}
	run_attempt(e, &p);
	if (alg == DIGEST_SHA256 && p.res.status == PS_CRIT && p.res.digest_hex[0] &&
	    p.res.http_code >= 0)
		p.res.status = PS_OK;	/* the "mismatch" against zeros is expected */
	if (p.res.status != PS_OK || !p.res.digest_hex[0]) {
		fprintf(stderr, "hcheckd: %s: %s\n", s.url, p.res.reason);
		probe_release(&p);
		engine_free(e);
		spec_free(&s);
		return p.res.status == PS_OK ? PS_CRIT : (int)p.res.status;
	}
	if (o.verbose)
		fprintf(stderr, "HTTP status %d, %llu bytes\n", p.res.http_code,
			(unsigned long long)p.res.bytes);
	printf("%s = %s\n", alg == DIGEST_SHA256 ? "SHA256SUM" : "MD5SUM", p.res.digest_hex);
	probe_release(&p);
	engine_free(e);
	tls_cleanup();
	spec_free(&s);
	return 0;
}
