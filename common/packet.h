/*
 * packet.h - AF_PACKET sockets for whole Ethernet frames on one interface.
 *
 * Used for gratuitous ARP, unsolicited NA and the probes, where the frame is
 * built by arp.c / ndisc.c and must leave exactly as built.
 */
#ifndef COMMON_PACKET_H
#define COMMON_PACKET_H

#include <stddef.h>
#include <stdint.h>

/* A SOCK_RAW packet socket bound to ifindex for ethertype (host order,
 * e.g. 0x0806), O_CLOEXEC and non-blocking.  fd, or -errno. */
int packet_open(int ifindex, uint16_t ethertype);

/* A SOCK_RAW packet socket that only sends: protocol 0, so no frame is
 * ever queued to it, and bound to no interface, since every packet_send()
 * names its own; it stays valid while interfaces come and go.  O_CLOEXEC,
 * non-blocking, with a send buffer for bursts of some hundred frames.
 * fd, or -errno. */
int packet_open_tx(void);

/* (Re)bind fd to receive the ethertype frames of ifindex (0: of every
 * interface); ethertype 0: receive nothing (a send-only socket again).
 * Frames queued before stay queued.  0 or -errno. */
int packet_bind(int fd, int ifindex, uint16_t ethertype);

/* Send one frame; 0 or -errno. */
int packet_send(int fd, int ifindex, const void *frame, size_t len);

/* Receive one frame that arrived on the interface (frames we sent ourselves
 * are skipped); length, 0 when none is waiting, or -errno. */
long packet_recv(int fd, void *buf, size_t len);

#endif
