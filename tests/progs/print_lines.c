/* print_lines [TEXT]: printf a line (no fflush) and sleep; whether the line is
 * captured depends on the sandbox making stdout line-buffered. */
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	printf("%s\n", argc > 1 ? argv[1] : "hello from print_lines");
	sleep(100);
	return 0;
}
