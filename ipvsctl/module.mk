PROGS += ipvsctl
