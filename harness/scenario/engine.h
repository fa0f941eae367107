/* engine: the sandbox's init side of scenario_run(). */
#pragma once
#include "scenario.h"

/* Set the sandbox up, run sc's steps, clean up, write the encoded result to
 * report_fd and _exit. exec_fds[i] is an O_PATH fd of step i's program (or -errno). */
void __attribute__((noreturn))
engine_main(const struct scenario *sc, enum sandbox_mode mode, int report_fd, const int *exec_fds, const char *workdir);
