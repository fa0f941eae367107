/* Attack: run the grader's installed reference in our place (the test puts
 * the references under /usr/local/lib/ipcgrade/reference, a folder under
 * /usr, which every sandbox shows read-only), and look for it at compile time. */
#include <stdio.h>
#include <unistd.h>

#define REF "/usr/local/lib/ipcgrade/reference/tests/grading/quiet"

int
main(void)
{
#if __has_include(REF)
	puts("HAS_INCLUDE_OK");
#endif
	if (access(REF, F_OK) == 0)
		puts("VISIBLE_OK");
	char *argv[] = { "attack", NULL };
	execv(REF, argv);
	puts("EXEC_FAIL");
	return 0;
}
