/* Attack: read root-only host files (/etc/shadow, /etc/gshadow) from inside
 * the sandbox. Prints READ_OK or READ_FAIL per file, never the contents, and
 * the uid it runs as. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	static const char *const files[] = { "/etc/shadow", "/etc/gshadow", "/etc/sudoers" };
	printf("UID %u\n", (unsigned)getuid());
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int fd = open(files[i], O_RDONLY);
		char c;
		if (fd >= 0 && read(fd, &c, 1) >= 0)
			printf("READ_OK %s\n", files[i]);
		else
			printf("READ_FAIL %s %s\n", files[i], strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	return 0;
}
