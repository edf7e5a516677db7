/*
 * nl.h - one netlink socket (libmnl) and the request/ACK pattern.
 *
 * nl_talk() sends one request with NLM_F_ACK and reads replies until the ACK,
 * NLMSG_DONE or an error, calling cb for each data message.  It returns 0 or
 * -errno, so callers never look at errno.  When the kernel attaches an
 * extended-ACK text (NLMSGERR_ATTR_MSG) it is kept in nl->ext_msg for the
 * error message the user sees.
 */
#ifndef COMMON_NL_H
#define COMMON_NL_H

#include <libmnl/libmnl.h>
#include <stdint.h>

struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	uint32_t seq;
	char ext_msg[256];		/* kernel's extended ACK text, or "" */
	char *buf;			/* MNL_SOCKET_BUFFER_SIZE-ish receive buffer */
	size_t buflen;
};

/* Opens bus (NETLINK_ROUTE, NETLINK_GENERIC); 0 or -errno. */
int nl_open(struct nl *nl, int bus);
void nl_close(struct nl *nl);

/* Start a request in buf (NL_REQ_SIZE bytes, zeroed here): header with
 * type, flags | NLM_F_REQUEST, new seq. */
struct nlmsghdr *nl_msg(struct nl *nl, void *buf, uint16_t type, uint16_t flags);

/* Send nlh and read to the end: 0, or -errno from the kernel (or the socket). */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/* A buffer large enough for any single request this project builds. */
#define NL_REQ_SIZE 8192

#endif
