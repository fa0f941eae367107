#include <stdio.h>

int main(void)
{
	fputs("error\n", stderr);
	return 1;
}
