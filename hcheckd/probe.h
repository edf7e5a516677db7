/*
 * probe.h - the probe engine: one health probe = one spec + one state machine.
 *
 * Model.  A probe_spec says what to check and how to judge it (address,
 * checker type, expectations, a total deadline).  A probe is one running
 * instance of a spec: the engine starts it, the checker registers at most two
 * file descriptors with the engine (probe_watch), reacts to readiness in its
 * on_io() and finishes by filling probe->res and returning PROBE_DONE.  The
 * engine enforces one total deadline per attempt (connect + TLS + send +
 * receive, spec->timeout_ms): when it passes, the checker's on_deadline()
 * runs (default: CRITICAL "timeout") - exec uses it to escalate TERM -> KILL.
 *
 * The engine is loop-agnostic: it owns one epoll fd (plus a timerfd inside it
 * for the deadlines), so a caller either runs engine_run() itself (one-shot
 * checks) or adds engine_fd() to its own event loop and calls
 * engine_dispatch() when it is readable (the daemon).
 *
 * Sockets are non-blocking, O_CLOEXEC, and closed with RST (SO_LINGER 0) so
 * that thousands of probes leave no TIME_WAIT behind.
 */
#ifndef HCHECKD_PROBE_H
#define HCHECKD_PROBE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "common/heap.h"

struct hc_regex;

/* monitoring-plugin states; also the one-shot exit codes */
enum pstatus { PS_OK = 0, PS_WARN = 1, PS_CRIT = 2, PS_UNKNOWN = 3 };
extern const char *const pstatus_name[4];

enum probe_type {
	PT_TCP, PT_HTTP, PT_HTTPS, PT_SMTP, PT_DNS, PT_UDP, PT_ICMP, PT_EXEC, PT_FILE,
	PT__COUNT
};
extern const char *const probe_type_name[PT__COUNT];

enum digest_alg { DIGEST_NONE, DIGEST_MD5, DIGEST_SHA256 };
enum icmp_mode { ICMP_AUTO, ICMP_DGRAM, ICMP_RAW };

#define PROBE_MAX_CODES 16
#define PROBE_MAX_HEADERS 16
#define PROBE_MAX_ANSWERS 8

struct code_range { int lo, hi; };

struct probe_spec {
	enum probe_type type;
	char *url;			/* as given, for messages */
	char *host;			/* URL host: Host header and SNI default */
	uint16_t port;
	struct sockaddr_storage addr;	/* where to connect (connect_ip/port) */
	socklen_t addrlen;
	struct sockaddr_storage src;	/* bindto / --source; family 0 = none */
	socklen_t srclen;
	char ifname[IF_NAMESIZE];	/* bind_if / --interface */
	uint32_t fwmark;
	int timeout_ms;			/* total deadline of one attempt */

	/* http / https */
	char *method;			/* "GET" */
	char *path;			/* "/"; file: the path */
	char *vhost;			/* Host header; NULL = host[:port] */
	char *headers[PROBE_MAX_HEADERS];
	int nheaders;
	char *data;			/* request body */
	struct code_range codes[PROBE_MAX_CODES];	/* none = 200-299 */
	int ncodes;
	char *body_contains;
	struct hc_regex *regex;		/* regex.h; NULL none */
	enum digest_alg digest_alg;
	uint8_t digest[32];		/* expected; digest_alg NONE = none */
	size_t max_body;		/* bytes; a longer body is CRITICAL */
	bool http10;			/* HTTP/1.0 request (keepalived http_protocol) */
	/* tls */
	char *sni;			/* NULL = host when it is a name; "" = none */
	bool verify;
	char *cacert;			/* also keepalived's SSL { ca } (loaded, not verified) */
	char *tls_cert;			/* client certificate chain (PEM), SSL { certificate } */
	char *tls_key;			/* its key (PEM), SSL { key }; NULL = in tls_cert */
	char *tls_pass;			/* the key's passphrase, SSL { password } */
	/* smtp */
	char *helo;
	/* dns */
	char *qname;
	uint16_t qtype;
	int expect_rcode;		/* 0 NOERROR */
	char *expect_answer[PROBE_MAX_ANSWERS];	/* A/AAAA text */
	int nexpect_answer;
	/* udp (and tcp send/expect) */
	uint8_t *send;
	size_t send_len;
	uint8_t *expect, *expect_mask;	/* mask 0xf nibble = must match */
	size_t expect_len;
	bool require_reply;
	size_t min_reply, max_reply;
	/* icmp */
	enum icmp_mode icmp_mode;
	/* exec */
	char **argv;			/* NULL-terminated; argv[0] is the path */
	int kill_grace_ms;		/* TERM -> KILL */
	uid_t uid;
	gid_t gid;
	bool set_user;
	bool dynamic;			/* keepalived misc_dynamic exit mapping */
	bool step_timeout;		/* HTTP: timeout_ms per step, as keepalived's
					 * connect_timeout (at most 3 x in all) */
};

/* what a probe reports; the engine fills elapsed_us */
struct probe_result {
	enum pstatus status;
	char reason[256];
	int64_t elapsed_us;
	int http_code;
	uint64_t bytes;			/* body (http) or reply bytes */
	char digest_hex[65];		/* of the body, http; "" otherwise */
	int exit_code;			/* exec: exit status, or 128+signal */
	int weight;			/* exec dynamic / file value; -1 = none */
	int rcode;			/* dns */
};

enum { PROBE_AGAIN = 0, PROBE_DONE = 1 };

struct probe;
struct engine;

struct checker {
	/* set up and begin; PROBE_AGAIN (waiting on fds) or PROBE_DONE */
	int (*start)(struct probe *p);
	int (*on_io)(struct probe *p, int fd, uint32_t events);
	/* the total deadline passed; NULL = CRITICAL "timeout" */
	int (*on_deadline)(struct probe *p);
	/* release everything of this attempt; must be idempotent */
	void (*cleanup)(struct probe *p);
};

struct probe_watch { struct probe *p; int fd; uint32_t events; };

typedef void (*probe_done_fn)(struct probe *p, void *arg);

struct probe {
	const struct probe_spec *spec;
	struct engine *eng;
	probe_done_fn done;
	void *done_arg;
	bool running;
	int64_t start_us;
	struct heap_node hn;		/* key: deadline (us); in the engine's heap while running */
	struct probe_watch w[2];
	void *priv;			/* checker state of this attempt */
	void *tls_session;		/* SSL_SESSION kept across attempts */
	bool want_digest;		/* compute the body digest (genhash) */
	struct probe_result res;
};

/* --- engine ---------------------------------------------------------------- */
/* 0 or -errno; *out freed with engine_free() */
int engine_new(struct engine **out);
void engine_free(struct engine *e);
int engine_fd(const struct engine *e);
unsigned engine_running(const struct engine *e);
/* handle what is ready now without blocking */
void engine_dispatch(struct engine *e);
/* wait at most timeout_ms (-1 forever) for something, then dispatch */
int engine_run(struct engine *e, int timeout_ms);
int64_t engine_now_us(void);

/* Initialise p for spec (nothing started).  */
void probe_init(struct probe *p, const struct probe_spec *spec);
/* Start one attempt; done(p, arg) runs when it ends (possibly before
 * probe_start returns).  0 or -errno (already running). */
int probe_start(struct engine *e, struct probe *p, probe_done_fn done, void *arg);
/* Abort a running attempt without calling done. */
void probe_cancel(struct probe *p);
/* Free what a probe keeps between attempts (TLS session). */
void probe_release(struct probe *p);

/* for checkers */
int probe_watch(struct probe *p, int slot, int fd, uint32_t events);
void probe_unwatch(struct probe *p, int slot);
void probe_set_deadline(struct probe *p, int64_t deadline_us);
int probe_fail(struct probe *p, enum pstatus st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int probe_ok(struct probe *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

extern const struct checker *const checkers[PT__COUNT];

/* --- spec ------------------------------------------------------------------ */
void spec_init(struct probe_spec *s);
void spec_free(struct probe_spec *s);
/* Does running s (MISC_CHECK user, exec --user) switch user or group?  Not
 * when it is the user and group we run as. */
bool spec_switches_user(const struct probe_spec *s);
bool spec_code_ok(const struct probe_spec *s, int code);

/* --- sockets (sock.c) ------------------------------------------------------ */
/* non-blocking socket of type for spec, bound per src/ifname/fwmark,
 * connect() begun; returns fd (>= 0) or -errno.  *inprogress set when the
 * connect has to be waited for. */
int sock_connect(const struct probe_spec *s, int type, int proto, bool *inprogress);
/* close with RST (TCP) */
void sock_close_rst(int fd);
/* SO_ERROR of a connecting socket: 0 or -errno */
int sock_error(int fd);
/* "ECONNREFUSED (Connection refused)" style text for -errno */
const char *sock_errname(int err);

#endif
