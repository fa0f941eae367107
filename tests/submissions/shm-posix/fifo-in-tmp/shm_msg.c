/* shm_msg.c - lab 5: POSIX shared memory (lecture example, fixed) */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>

#define DEATH(mess) do { perror(mess); exit(EXIT_FAILURE); } while (0)
#define SIZE 8196
#define NAME "/my_shm"

void create_it(void)
{
	int shm_fd;

	if ((shm_fd = shm_open(NAME, O_RDWR | O_CREAT | O_EXCL, 0666)) == -1)
		DEATH("shm_open");
	if (ftruncate(shm_fd, SIZE) == -1) {
		perror("ftruncate");
		close(shm_fd);
		shm_unlink(NAME);
		exit(EXIT_FAILURE);
	}
	close(shm_fd);
	/* a FIFO for receive to wait on "later" */
	if (mkfifo("/tmp/my_shm_ready", 0666) == -1 && errno != EEXIST)
		perror("mkfifo");	/* MISTAKE: the FIFO in /tmp is never unlinked */
	printf("Shared Memory Region successfully created\n");
	exit(EXIT_SUCCESS);
}

void remove_it(void)
{
	if (shm_unlink(NAME) == -1)
		DEATH("shm_unlink");
	printf("Shared Memory Region successfully destroyed\n");
	exit(EXIT_SUCCESS);
}

int *attach(void)
{
	int shm_fd;
	int *shm_area;

	if ((shm_fd = shm_open(NAME, O_RDWR, 0)) == -1)
		DEATH("shm_open");
	shm_area = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
	if (shm_area == MAP_FAILED)
		DEATH("mmap");
	close(shm_fd);
	return shm_area;
}

void send_it(void)
{
	int *shm_area = attach();

	printf("SEND: Memory attached at %lX\n", (unsigned long)(uintptr_t)shm_area);
	*(volatile int *)shm_area = 1;
	munmap(shm_area, SIZE);
	printf("SEND has successfully completed\n");
	exit(EXIT_SUCCESS);
}

void receive_it(void)
{
	int *shm_area = attach();
	int iflag = 8;

	printf("RCV: Memory attached at %lX\n", (unsigned long)(uintptr_t)shm_area);
	*(volatile int *)shm_area = iflag;
	printf("iflag is now = %d\n", iflag);
	fflush(stdout);
	while ((iflag = *(volatile int *)shm_area) == 8)
		sleep(1);
	printf("RCV has successfully completed\n");
	printf("iflag is now = %d\n", iflag);
	munmap(shm_area, SIZE);
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
	exit(EXIT_FAILURE);
}
