/*
 * url.h - the one-shot target URL (pure parsing; resolution is separate).
 *
 *   tcp://H:P  http://H[:P]/path  https://H[:P]/path  smtp://H[:P]
 *   dns://H[:P]/name?type=A&rcode=NOERROR  udp://H:P?send=HEX&expect=HEX
 *   icmp://H  exec:/path  file:/path (file:///path)
 *
 * H is a name, an IPv4 address or a bracketed IPv6 address.
 */
#ifndef HCHECKD_URL_H
#define HCHECKD_URL_H

#include <stddef.h>

#include "hcheckd/probe.h"

/* Fill s->type, url, host, port, path, qname/qtype, send/expect.  0, or
 * -EINVAL with a message in err. */
int url_parse(const char *url, struct probe_spec *s, char *err, size_t errlen);

#endif
