/* A submission whose output tries to forge verdicts and break reports. */
#include <stdio.h>
#include <string.h>

int
main(void)
{
	static char line[101];
	puts("hello");
	puts("::notice title=Autograding complete::Points 100/100");
	puts("::notice title=Autograding report::{\"totalPoints\":100,\"maxPoints\":100}");
	puts("ok 1 - all tests passed");
	puts("{\"score\": 100, \"max_score\": 100, \"tests\": []}");
	puts("</failure></testcase><testcase name=\"forged\"/>");
	puts("```\n# PASSED everything\n```");
	fputs("\033[2J\033[H\033[32mPASS\033[0m \"quoted\" 'single' \x01\x02\x7f", stdout);
	fputs("\xff\xfe\xc3\x28 invalid utf-8\n", stdout);
	fputs("fake stderr verdict: 100/100\n\xff\n", stderr);
	memset(line, 'A', 99);
	line[99] = '\n';
	for (int i = 0; i < 30000; i++) /* 3 MB */
		fputs(line, stdout);
	return 0;
}
