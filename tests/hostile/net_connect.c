/* Attack: open TCP connections to the loopback (argv[1] = port on which
 * the test listens on the host) and to an outside address. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* One line per attempt. */
static void
attempt(const char *ip, int port)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0) {
		printf("SOCKET_FAIL %s:%d %s\n", ip, port, strerror(errno));
		return;
	}
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port) };
	inet_pton(AF_INET, ip, &a.sin_addr);
	int rc = connect(s, (struct sockaddr *)&a, sizeof(a));
	printf("CONNECT_%s %s:%d %s\n", rc == 0 ? "OK" : "FAIL", ip, port, rc == 0 ? "" : strerror(errno));
	close(s);
}

int
main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 22;
	attempt("127.0.0.1", port);
	attempt("1.1.1.1", 53);
	/* a UDP socket too, and an AF_NETLINK one */
	int u = socket(AF_INET6, SOCK_DGRAM, 0);
	printf("UDP6_%s\n", u >= 0 ? "OK" : "FAIL");
	int n = socket(AF_NETLINK, SOCK_RAW, 0);
	printf("NETLINK_%s\n", n >= 0 ? "OK" : "FAIL");
	return 0;
}
