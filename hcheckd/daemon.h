/*
 * daemon.h - `hcheckd [options]`: the daemon, and `hcheckd ctl ...`.
 */
#ifndef HCHECKD_DAEMON_H
#define HCHECKD_DAEMON_H

#include <stdio.h>

#define HCHECKD_SOCK "/run/hcheckd.sock"
#define HCHECKD_CONF "/etc/keepalived/keepalived.conf"

int daemon_main(int argc, char **argv);
int ctl_main(int argc, char **argv, const char *sock);
void daemon_usage(FILE *f);

#endif
