#!/bin/sh
touch @MARK@/build-script-ran
gcc -o shm_msg shm_msg.c -lrt
