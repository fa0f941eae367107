/* pipeline.c - ls -1 DIR | sort -r | head -n 3 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int main(int argc, char *argv[])
{
	char cmd[4096], line[4096];
	int n = 0;
	FILE *p;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	/* MISTAKE: popen() runs the command through /bin/sh -c */
	snprintf(cmd, sizeof(cmd), "ls -1 %s | sort -r", argv[1]);
	p = popen(cmd, "r");
	if (p == NULL) {
		perror("popen");
		return 1;
	}
	while (fgets(line, sizeof(line), p) != NULL)
		if (n++ < 3)
			fputs(line, stdout);
	pclose(p);
	return 0;
}
