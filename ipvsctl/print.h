/*
 * print.h - ipvsctl's output: the listing (-L) and save (-S) text exactly as
 * ipvsadm 1.31 prints it, and the same data as JSON (-j).
 *
 * Pure apart from name lookups when FMT_NUMERIC is not set (addresses via
 * getnameinfo, ports via getservbyport, as ipvsadm).  The table is printed
 * in the order it is given; callers sort it (ipvs_table_sort) unless
 * --nosort.
 */
#ifndef IPVSCTL_PRINT_H
#define IPVSCTL_PRINT_H

#include <stdio.h>

#include "common/ipvs.h"

/* -L: "IP Virtual Server version ..." line only when info is not NULL
 * (ipvsadm leaves it out when listing one service). */
void print_list(FILE *f, const struct ipvs_table *t, unsigned int fmt,
		const struct ipvs_info *info);
void print_list_json(FILE *f, const struct ipvs_table *t, unsigned int fmt,
		     const struct ipvs_info *info);

/* -S: one -A line per service, one -a line per destination */
void print_save(FILE *f, const struct ipvs_table *t, unsigned int fmt);
/* one service's -A line, one dest's -a line (no newline) into buf */
void print_save_service(char *buf, size_t len, const struct ipvs_service *s, unsigned int fmt);
void print_save_dest(char *buf, size_t len, const struct ipvs_service *s,
		     const struct ipvs_dest *d, unsigned int fmt);

/* "TCP 192.0.2.1:80", "FWM 1", "UDP [2001:db8::1]:53" for messages */
char *print_service_id(char *buf, size_t len, const struct ipvs_service *s);
char *print_dest_id(char *buf, size_t len, const struct ipvs_dest *d, int svc_af);

void print_timeouts(FILE *f, const struct ipvs_timeouts *t, int json);
void print_daemons(FILE *f, const struct ipvs_daemon *d, size_t n, int json);

/* metrics.c: the table's counters in the Prometheus text format */
void print_metrics(FILE *f, const struct ipvs_table *t);

/* The ipvsadm K/M/G/T scaling of a counter into a 9-wide field. */
void print_largenum(FILE *f, uint64_t v, unsigned int fmt);

#endif
