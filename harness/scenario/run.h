/* run: one scenario in a fresh sandbox, from the programs to the result. */
#pragma once
#include "sandbox.h"
#include "scenario.h"

/* Run sc in a fresh sandbox of the given mode. Returns 0 when a result was
 * produced (whatever the programs did), -1 with res->status = SCN_INTERNAL
 * and res->message set when the sandbox could not be run. */
int scenario_run(const struct scenario *sc, enum sandbox_mode mode, struct scenario_result *res);
