/*
 * probe.h - "does anybody else answer for this address?" (pure, no I/O).
 *
 * IPv4: an RFC 5227 ARP probe (sender address 0.0.0.0, so that asking
 * does not claim).  IPv6: a DAD Neighbour Solicitation from ::, which a
 * holder answers with an NA to all-nodes (RFC 4861 7.2.4).  A frame that
 * speaks for the address from a MAC other than ours (an ARP reply or a
 * gratuitous ARP with it as sender address, an NA with it as target)
 * names a holder.  `vipctl probe` asks once; a vrrpd master asks at a low
 * rate for its VIPs, to notice a second holder (split brain).
 */
#ifndef COMMON_PROBE_H
#define COMMON_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/inet.h"

#define PROBE_FRAME_MAX 96

/* The probe for a from mac, in frame (PROBE_FRAME_MAX bytes); its length. */
size_t probe_build(uint8_t *frame, const struct ipaddr *a, const uint8_t mac[6]);

/* The Ethernet type of the answers: 0x0806 (ARP) or 0x86dd (IPv6). */
uint16_t probe_ethertype(int family);

/* Does frame (a whole Ethernet frame) speak for a from a MAC other than
 * self?  Then true, and the holder's MAC in out. */
bool probe_holder(const uint8_t *frame, size_t len, const struct ipaddr *a,
		  const uint8_t self[6], uint8_t out[6]);

#endif
