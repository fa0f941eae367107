/* Attack: every byte value on both streams: NULs, invalid UTF-8, overlong
 * sequences, surrogates, terminal controls. */
#include <unistd.h>

int
main(void)
{
	unsigned char all[256];
	static const unsigned char bad[] = { 0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80,
					     0xff, 0xfe, 0x00, 0xe2, 0x82, 0x1b, '[',  '2',  'J',  '\n' };
	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	for (int k = 0; k < 4; k++) {
		if (write(1, all, sizeof(all)) < 0 || write(2, all, sizeof(all)) < 0 ||
		    write(1, bad, sizeof(bad)) < 0 || write(2, bad, sizeof(bad)) < 0)
			return 1;
	}
	return 0;
}
