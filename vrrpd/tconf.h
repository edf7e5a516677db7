/*
 * tconf.h - vrrpd's keepalived.conf beyond the core instance: trackers,
 * sync groups, script security and the global_defs keys that go with them.
 * Plain data, built completely by a load before anything runs (a reload
 * parses into a fresh one), like struct vrrp_instance_conf.
 *
 * The handlers below are keyword-table entries (common/conf.h) used by the
 * one reader of the file, kaconf.c.  They work on the struct vrrpd_tconf
 * being loaded, set with tconf_begin(); instance-level ones read the
 * instance's name from the enclosing vrrp_instance statement.  tconf_end()
 * checks the cross references (every tracked name defined, sync group
 * members exist, scripts executable and, with enable_script_security,
 * safe) and names FILE:LINE of the offending reference.
 */
#ifndef VRRPD_TCONF_H
#define VRRPD_TCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "common/conf.h"
#include "common/lvssync.h"
#include "vrrpd/track.h"
#include "vrrpd/track_file.h"
#include "vrrpd/track_proc.h"
#include "vrrpd/track_script.h"
#include "vrrpd/instance.h"
#include "vrrpd/vroute.h"

/* one "NAME [weight W [reverse]]" line in a track_* block */
struct tref {
	enum track_kind kind;
	char name[64];
	bool has_weight;
	int weight;
	bool reverse;
	char where[300];		/* "FILE:LINE" of the reference */
};

/* the references of one instance or sync group */
struct towner {
	char name[64];
	bool group;
	struct tref *refs;
	unsigned nrefs;
};

enum tgroup_script { TG_MASTER, TG_BACKUP, TG_FAULT, TG_STOP, TG_ANY, TG_MAX };

struct tgroup {
	char name[64];
	char (*members)[64];
	unsigned nmembers;
	char *script[TG_MAX];		/* notify_master ... notify; NULL = none */
	bool tracking_weight;		/* sync_group_tracking_weight */
	char where[300];
};

/* --- global_defs values that give instance defaults ----------------------- */
struct tglobals {
	unsigned vrrp_version;		/* 0 = not set */
	bool v3_checksum_as_v2;
	bool garp_delay_set, garp_repeat_set, garp_refresh_set, garp_refresh_repeat_set,
	     garp_interval_set, gna_interval_set, lower_prio_repeat_set, lower_prio_delay_set;
	unsigned garp_master_delay_s, garp_master_repeat, garp_master_refresh_s,
		 garp_refresh_repeat, lower_prio_repeat, lower_prio_delay_s;
	uint32_t garp_interval_us, gna_interval_us;
	bool conflict_probe_set;	/* vrrp_conflict_probe_interval (ours) */
	unsigned conflict_probe_s;
	char notify_fifo[4096];
	char *notify_fifo_script;	/* run with the FIFO's path as argument */
};

struct vrrpd_tconf {
	struct track_script_conf *scripts;
	char (*script_where)[300];	/* FILE:LINE of each vrrp_script */
	unsigned nscripts;
	struct track_file_conf *files;
	unsigned nfiles;
	struct track_proc_conf *procs;
	unsigned nprocs;
	struct towner *owners;
	unsigned nowners;
	struct tgroup *groups;
	unsigned ngroups;

	/* global_defs */
	bool script_security;		/* enable_script_security */
	char script_user[64], script_group[64];
	char hcheckd_sock[108];		/* "" = /run/hcheckd.sock */
	unsigned startup_delay_ms;	/* vrrp_startup_delay */
	bool mail_warned, strict_warned;
	struct tglobals g;
};

/* instance keywords kept beside struct vrrp_instance_conf (kaconf.c) */
struct kaconf_evip {			/* virtual_ipaddress_excluded */
	char inst[64];
	struct vrrp_vip vip;
};
struct kaconf_vroute {			/* virtual_routes / virtual_rules lines */
	char inst[64];
	bool rule;
	struct vroute route;
	struct vrule rl;
};
struct kaconf_iflag {
	char inst[64];
	bool dont_track_primary, promote_secondaries;
};
struct vrrpd_conf;
struct kaconf_extra {
	struct vrrpd_conf *c;		/* back pointer while loading */
	bool check_system;		/* interfaces must exist (-t, start, reload) */
	bool version_set;
	struct kaconf_evip *evips;
	unsigned nevips;
	struct kaconf_iflag *iflags;
	unsigned niflags;
	struct kaconf_vroute *vroutes;
	unsigned nvroutes;
	/* lvs_sync_daemon (common/lvssync.h).  With instance[0] vrrpd drives
	 * the sync daemon by that instance's state, syncid resolved (the
	 * instance's VRID unless given); without, it is hcheckd's. */
	struct lvssync lvssync;
};
void kaconf_extra_free(struct kaconf_extra *x);

void tconf_init(struct vrrpd_tconf *t);
void tconf_free(struct vrrpd_tconf *t);

/* The references of an instance (group false) or sync group; NULL if none. */
const struct towner *tconf_owner(const struct vrrpd_tconf *t, const char *name, bool group);
/* The sync group an instance belongs to, or NULL. */
const struct tgroup *tconf_group_of(const struct vrrpd_tconf *t, const char *inst);
const struct track_script_conf *tconf_script(const struct vrrpd_tconf *t, const char *name);

/* The tconf the handlers fill until tconf_end(). */
void tconf_begin(struct vrrpd_tconf *t);

/* Cross checks once the whole file is read.  inst_names: the instances
 * defined (n of them) and their base priorities.  check_system: also
 * check that scripts are executable (and safe). 0 or -EINVAL with err. */
struct tconf_inst { const char *name; unsigned priority; };
int tconf_end(struct vrrpd_tconf *t, const struct tconf_inst *inst, unsigned n,
	      bool check_system, struct conf_err *err);

/* --- keyword handlers ---------------------------------------------------- */
/* top level: vrrp_script, track_file / vrrp_track_file, vrrp_track_process,
 * vrrp_sync_group */
int tconf_kw_vrrp_script(const struct conf_node *n, void *ctx, struct conf_err *err);
int tconf_kw_track_file(const struct conf_node *n, void *ctx, struct conf_err *err);
int tconf_kw_track_process(const struct conf_node *n, void *ctx, struct conf_err *err);
int tconf_kw_sync_group(const struct conf_node *n, void *ctx, struct conf_err *err);
/* inside vrrp_instance: track_script, track_interface, track_file,
 * track_process, track_check */
int tconf_kw_inst_track(const struct conf_node *n, void *ctx, struct conf_err *err);
/* global_defs keys owned here */
int tconf_kw_global(const struct conf_node *n, void *ctx, struct conf_err *err);
/* notification_email, smtp_*: one warning per file */
int tconf_mail_key(const struct conf_node *n);
/* the global_defs entries for tconf_kw_global (to copy into a table) */
extern const char *const tconf_global_keys[];

#endif

