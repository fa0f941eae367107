/* Attack: an infinite loop burning CPU. */
int
main(void)
{
	for (volatile unsigned long i = 0;; i++)
		;
}
