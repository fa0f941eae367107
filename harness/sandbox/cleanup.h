/* cleanup: descriptors and buffers released when their variable goes out of
 * scope (__attribute__((cleanup)), bubblewrap's habit), for functions with
 * several exits. A value handed on is taken out with steal_fd/steal_ptr.
 *
 *	autofd int fd = open(...);
 *	autopipe p[2] = { -1, -1 };
 *	autofree char *buf = malloc(n);
 *	...
 *	ep->fd = steal_fd(&p[0]);	// kept; p[1] is closed at return
 *
 * The closes keep errno, so an error path can still report the failure. */
#pragma once
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

/* Close *fd if open and mark it closed; errno is kept. */
static inline void
close_fd(int *fd)
{
	if (*fd >= 0) {
		int e = errno;
		close(*fd);
		errno = e;
	}
	*fd = -1;
}

/* Cleanup of a pipe or socket pair: both ends. */
static inline void
close_pipe(int (*p)[2])
{
	close_fd(&(*p)[0]);
	close_fd(&(*p)[1]);
}

/* Cleanup of a malloc'd pointer. */
static inline void
free_ptr(void *pp)
{
	int e = errno;
	free(*(void **)pp);
	errno = e;
}

/* The descriptor, which the variable no longer owns. */
static inline int
steal_fd(int *fd)
{
	int f = *fd;
	*fd = -1;
	return f;
}

/* The pointer, which the variable no longer owns. */
static inline void *
steal_ptr(void *pp)
{
	void *p = *(void **)pp;
	*(void **)pp = NULL;
	return p;
}

#define autofd   __attribute__((cleanup(close_fd)))
#define autopipe __attribute__((cleanup(close_pipe))) int
#define autofree __attribute__((cleanup(free_ptr)))
