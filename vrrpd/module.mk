PROGS += vrrpd
