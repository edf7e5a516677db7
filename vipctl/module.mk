PROGS += vipctl
