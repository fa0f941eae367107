/* shm_msg.c - a realistic student version that copies the lecture too
 * faithfully. It compiles and its messages are right, but (as the grader
 * should point out):
 *   1. create has no O_EXCL: a second create "succeeds" instead of failing;
 *   2. create never calls ftruncate: /my_shm stays 0 bytes long, so receive
 *      and send die of SIGBUS as soon as they touch the mapping;
 *   3. remove has the lecture's precedence bug
 *        (shm_fd = shm_open(...) == -1)
 *      and forgets shm_unlink: /my_shm is never removed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEATH(mess) { perror(mess); exit(errno); }
#define SIZE 8196
#define NAME "/my_shm"

void create_it(void)
{
	int shm_fd;

	if ((shm_fd = shm_open(NAME, O_RDWR | O_CREAT, 0666)) == -1)
		DEATH("shm_open");
	/* the size is set when we mmap it, I think */
	printf("Shared Memory Region successfully created\n");
	exit(EXIT_SUCCESS);
}

void remove_it(void)
{
	int shm_fd;

	if ((shm_fd = shm_open(NAME, O_RDWR, 0) == -1))
		DEATH("shm_open");
	close(shm_fd);	/* shm_fd is 0 here: this closes stdin */
	printf("Shared Memory Region successfully destroyed\n");
	exit(EXIT_SUCCESS);
}

void send_it(void)
{
	int shm_fd, iflag = 1;
	void *shm_area;

	if ((shm_fd = shm_open(NAME, O_RDWR, 0)) == -1)
		DEATH("shm_open");
	shm_area = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
	if (shm_area == MAP_FAILED)
		DEATH("mmap");
	printf("SEND: Memory attached at %lX\n", (unsigned long)shm_area);
	memcpy(shm_area, &iflag, sizeof(int));
	if (munmap(shm_area, SIZE))
		DEATH("munmap");
	printf("SEND has successfully completed\n");
	exit(EXIT_SUCCESS);
}

void receive_it(void)
{
	int shm_fd, iflag = 8;
	void *shm_area;

	if ((shm_fd = shm_open(NAME, O_RDWR, 0)) == -1)
		DEATH("shm_open");
	shm_area = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
	if (shm_area == MAP_FAILED)
		DEATH("mmap");
	printf("RCV: Memory attached at %lX\n", (unsigned long)shm_area);
	memcpy(shm_area, &iflag, sizeof(int));
	printf("iflag is now = %d\n", iflag);
	while (iflag == 8) {
		memcpy(&iflag, shm_area, sizeof(int));
		sleep(1);
	}
	printf("RCV has successfully completed\n");
	printf("iflag is now = %d\n", iflag);
	if (munmap(shm_area, SIZE))
		DEATH("munmap");
	exit(EXIT_SUCCESS);
}

int main(int argc, char *argv[])
{
	if (argc > 1) {
		if (!strcasecmp("create", argv[1]))
			create_it();
		if (!strcasecmp("remove", argv[1]))
			remove_it();
		if (!strcasecmp("send", argv[1]))
			send_it();
		if (!strcasecmp("receive", argv[1]))
			receive_it();
	}
	printf("Usage: %s create | remove | receive | send \n", argv[0]);
	exit(-1);
}
