/*
 * cfg.h - hcheckd's part of keepalived.conf: named checks, the checker
 * blocks (TCP_CHECK, HTTP_GET, SSL_GET, MISC_CHECK, SMTP_CHECK, DNS_CHECK,
 * UDP_CHECK, PING_CHECK, FILE_CHECK), hcheckd's global_defs keys, and the
 * virtual_server blocks (their real servers become targets).
 *
 *   check NAME {                   a target without IPVS (hcheckd's own)
 *       address 192.0.2.10 80      default connect_ip / connect_port
 *       delay_loop 2  rise 2  fall 3  alpha | no_alpha  weight 100
 *       agent_port 9001            haproxy agent-check for this check, on
 *                                  hcheckd_agent's address (all if none)
 *       agent_port 127.0.0.1 9001  ... on that address only ("*": all)
 *       haproxy_server be/web1     push changes to haproxy's runtime API
 *       notify_up "/bin/x up"  notify_down "/bin/x down"
 *       HTTP_GET { url { path /health status_code 200-299 } connect_timeout 2 }
 *       TCP_CHECK { connect_port 5432 }
 *   }
 *
 * cfg_load() builds everything or nothing; errors name FILE:LINE and the
 * keyword, as keepalived -t.
 */
#ifndef HCHECKD_CFG_H
#define HCHECKD_CFG_H

#include <stdbool.h>
#include <stddef.h>

#include "common/lvssync.h"
#include "hcheckd/hc.h"

struct cfg_vs;

/* a file the configuration names, checked by -t (cfg_check_files) */
struct cfg_file {
	char *path;
	const char *what;		/* "misc_path program", "SSL certificate"... */
	int mode;			/* X_OK (a program) or R_OK */
	char at[320];			/* "FILE:LINE" of the key */
};

/* lvs_flush_onstop / lvs_flush_on_stop [VS] */
enum cfg_flush { CFG_FLUSH_NONE, CFG_FLUSH_ALL, CFG_FLUSH_VS };

struct cfg {
	struct hc_target **t;		/* named checks and real servers */
	size_t nt;
	struct cfg_vs *vs;		/* virtual servers (lvs.c) */
	size_t nvs;
	char *agent;			/* hcheckd_agent [ADDR:]PORT */
	char *haproxy_sock;		/* hcheckd_haproxy_socket */
	char *metrics;			/* hcheckd_metrics_listen [ADDR:]PORT */
	unsigned cap[CL__COUNT];	/* hcheckd_max_inflight / _tls / _scripts */
	/* keepalived's checker keys of global_defs, acted on only with
	 * virtual servers (lvs.c): lvs_sync_daemon (hcheckd's when it names
	 * no instance), lvs_flush (at start), lvs_flush_onstop */
	struct lvssync sync;
	bool lvs_flush;
	enum cfg_flush flush_onstop;
	/* global_defs script_user USER [GROUP] ("" none): MISC_CHECKs without
	 * a user and the notify / quorum scripts run as that user, as in
	 * keepalived and vrrpd; enable_script_security refuses a script that
	 * someone else could change (common/scriptsec.h) */
	char script_user[64], script_group[64];
	bool script_security;
	/* the script user differs from ours and notify or quorum scripts exist */
	bool notify_switch;
	/* "FILE:LINE: 'user NAME'" of the first MISC_CHECK whose user differs
	 * from ours (it needs CAP_SETUID/CAP_SETGID), or of script_user, "" none */
	char user_at[320];
	struct cfg_file *files;		/* misc_path programs, SSL { } files */
	size_t nfiles;
	/* "FILE:LINE: 'virtual_server ...'" of the first virtual server, "" none */
	char vs_at[320];
	/* "FILE:LINE: 'PING_CHECK'" of the first IPv4 [0] and IPv6 [1] PING_CHECK */
	char ping_at[2][320];
};

/* 0, or -1 with "FILE:LINE: message" in err.  config_id: which @ID lines
 * count (hcheckd -i; NULL: the host name up to its first dot) */
int cfg_load(const char *path, const char *config_id, struct cfg *out, char *err,
	     size_t len);
/* from memory, for tests and fuzzers: no include, warnings dropped */
int cfg_load_string(const char *text, const char *name, struct cfg *out, char *err, size_t len);
/* -t: does every file of cf->files exist, a regular file, executable
 * (programs) or readable?  0, or -1 with "FILE:LINE: ..." in err.  Not part
 * of cfg_load(): a reload must not fail on a script being replaced. */
int cfg_check_files(const struct cfg *cf, char *err, size_t len);
/* append t (owned by cf); -EEXIST when the name is taken */
int cfg_add_target(struct cfg *cf, struct hc_target *t);
void cfg_free(struct cfg *cf);
/* Does some MISC_CHECK of these targets run as a user or group other than
 * ours (then the daemon keeps CAP_SETUID and CAP_SETGID)?  A script whose
 * user is the one we run as needs no switch. */
bool cfg_needs_setuid(struct hc_target *const *t, size_t n);

#endif
