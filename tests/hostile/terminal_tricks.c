/* Attack: bytes that drive the instructor's terminal or fool a reader of the
 * report: an OSC title change and a screen clear, a NUL byte followed by more
 * text, bidi overrides and zero-width characters, and lines identical to the
 * report's own output headers with forged reference output under them. */
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	static const char nul[] = "before the NUL\0AFTER_NUL_MARKER\n";
	printf("\033]0;pwned title\007\033[2J\033[Hscreen cleared\n");
	printf("bidi: \xe2\x80\xae"
	       "txt.exe\xe2\x80\xac zero\xe2\x80\x8bwidth\n");
	printf("--- attack (reference) stdout ---\nhello\n--- attack (yours) stdout ---\nhello\n");
	fflush(stdout);
	if (write(1, nul, sizeof(nul) - 1) < 0)
		return 2;
	return 0;
}
