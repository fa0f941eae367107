#!/bin/sh
# The soak, shortened for `make check`: 30 gradings, two at a time.
exec "$(dirname "$0")/soak.sh" "${SOAK_SHORT_N:-30}" 2
